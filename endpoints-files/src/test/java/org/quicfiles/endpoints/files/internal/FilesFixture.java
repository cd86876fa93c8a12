package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.testkit.InMemoryExchange;
import org.quicfiles.testkit.MutableClock;
import org.quicfiles.testkit.TestDatabases;
import org.quicfiles.testkit.TestServerContext;

/**
 * A started files plugin over a real database (SQLite, or PostgreSQL under
 * {@code -Dquicfiles.test.database=postgresql}) and a real directory store in {@code root}, with a
 * clock the test moves and the deleter not scheduled (tests call {@code runOnce()}).
 */
final class FilesFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final Path root;
    final MutableClock clock = new MutableClock(START);
    final Path storeRoot;
    private final StoreFactory storeFactory;
    BlobStore store;
    HookedBlobStore hookedStore;
    final DataSource dataSource;
    final ServerContext.SqlDialect dialect;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, String> settings;
    private UnaryOperator<BlobStore> storeSeen = UnaryOperator.identity();
    private UnaryOperator<DataSource> databaseSeen = UnaryOperator.identity();
    FilesPlugin plugin;

    /**
     * @param storeFactory opens the blob store under the folder it is given
     */
    FilesFixture(Path root, Map<String, String> settings, StoreFactory storeFactory) throws Exception {
        this.root = root;
        this.settings = settings;
        this.storeRoot = Files.createDirectories(root.resolve("store"));
        this.storeFactory = storeFactory;
        this.store = storeFactory.open(storeRoot);
        this.hookedStore = new HookedBlobStore(store);
        TestDatabases.TestDatabase database = TestDatabases.forFolder(root, "meta.db");
        this.dataSource = database.dataSource();
        this.dialect = database.dialect();
        restart();
    }

    FilesFixture(Path root, Map<String, String> settings) throws Exception {
        this(root, settings, DirectoryBlobStore::new);
    }

    FilesFixture(Path root) throws Exception {
        this(root, Map.of("delete-expired", "false"));
    }

    /** Opens a blob store in a folder. */
    @FunctionalInterface
    interface StoreFactory {
        BlobStore open(Path folder) throws Exception;
    }

    /** A {@code PUT} of {@code size} declared bytes whose body is {@code body}, read in {@code chunkSize} pieces. */
    static InMemoryExchange putExchange(long size, byte[] body, int chunkSize) {
        return exchange(Bt.Dict.builder().put("!", "PUT").put("s", size).build()).body(body, chunkSize);
    }

    /** A {@code GET} of {@code id}. */
    static InMemoryExchange getExchange(String id) {
        return exchange(Bt.Dict.builder().put("!", "GET").put("#", id).build());
    }

    /** Starts the plugin again over the same store and database, as a server restart would. */
    void restart() throws Exception {
        if (plugin != null) {
            plugin.endpoints().onClose().close();
        }
        plugin = FilesPlugin.start(context());
    }

    /**
     * Starts the plugin again seeing the store and database through {@code store} and
     * {@code database} (views that fail on demand, {@link FailOnDemand}); the test inspects the
     * real ones.
     */
    void restartSeeing(UnaryOperator<BlobStore> store, UnaryOperator<DataSource> database) throws Exception {
        storeSeen = store;
        databaseSeen = database;
        restart();
    }

    /**
     * Starts the plugin again over a fresh store instance on the same folder, as a new process
     * would after a crash; the old instance is abandoned unclosed, as a crash leaves it.
     */
    void restartAfterCrash() throws Exception {
        store = storeFactory.open(storeRoot);
        hookedStore = new HookedBlobStore(store);
        restart();
    }

    TestServerContext context() {
        return TestServerContext.builder(root).config(settings).blobStore(storeSeen.apply(hookedStore))
                .dataSource(databaseSeen.apply(dataSource), dialect).clock(clock).scheduler(scheduler).build();
    }

    void handle(String command, StreamExchange exchange) throws Exception {
        plugin.endpoints().streamCommands().get(command).handle(exchange);
    }

    /** Calls a request endpoint as the server would: the body parsed, the reply encoded in its form. */
    byte[] request(String endpoint, byte[] body) throws Exception {
        return org.quicfiles.testkit.RequestCalls.answer(plugin.endpoints().requestEndpoints().get(endpoint), body);
    }

    /** An exchange whose header is {@code header}, parsed as the transports parse a header block. */
    static InMemoryExchange exchange(Bt.Dict header) {
        return InMemoryExchange.withHeader(org.quicfiles.protocol.RequestBody.header(header));
    }

    /** Uploads {@code content} in 1000-byte chunks with the given header; returns the reply. */
    FileInfo put(byte[] content, Bt.Dict header) throws Exception {
        InMemoryExchange exchange = exchange(header).body(content, 1000);
        handle("PUT", exchange);
        Bt.Dict reply = Bt.decodeDict(exchange.written());
        assertEquals(3, reply.entries().size(), "PUT reply has #, u, x");
        return new FileInfo(reply.string("#").orElseThrow(), content.length,
                reply.integer("u").orElseThrow(), reply.integer("x").orElseThrow());
    }

    FileInfo put(byte[] content) throws Exception {
        return put(content, putHeader(content.length, null));
    }

    static Bt.Dict putHeader(long size, Long ttl) {
        Bt.Dict.Builder header = Bt.Dict.builder().put("!", "PUT").put("s", size);
        if (ttl != null) {
            header.put("t", ttl);
        }
        return header.build();
    }

    /** Downloads {@code id}; checks the head against the row and returns the content. */
    byte[] get(String id) throws Exception {
        InMemoryExchange exchange = getExchange(id);
        handle("GET", exchange);
        byte[] written = exchange.written();
        int colon = 0;
        while (written[colon] != ':') {
            colon++;
        }
        int length = Integer.parseInt(new String(written, 0, colon, java.nio.charset.StandardCharsets.US_ASCII));
        Bt.Dict head = Bt.decodeDict(Arrays.copyOfRange(written, colon + 1, colon + 1 + length));
        byte[] content = Arrays.copyOfRange(written, colon + 1 + length, written.length);
        assertEquals(content.length, head.integer("s").orElseThrow());
        return content;
    }

    /** Asserts that running {@code action} fails with {@code code}. */
    static void assertFails(ErrorCode code, ThrowingRunnable action) {
        QuicFilesException failure = assertThrows(QuicFilesException.class, action::run);
        assertEquals(code, failure.code(), failure.getMessage());
    }

    /** A step that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    long rowCount() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM files")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The temporaries on disk, as a restarted server would find them: asked of a fresh store
     * instance, because a live instance does not count its own writers' temporaries as leftovers.
     */
    long temporaryCount() throws Exception {
        try (BlobStore fresh = storeFactory.open(storeRoot)) {
            return fresh.leftovers().size();
        }
    }

    /** How many of this process's file descriptors point into the store's folder. */
    long openHandlesInStore() throws IOException {
        Path realRoot = storeRoot.toRealPath();
        long count = 0;
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    if (Files.readSymbolicLink(descriptor).startsWith(realRoot)) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed while listing (e.g. the listing's own descriptor)
                }
            }
        }
        return count;
    }

    long blobCount() throws IOException {
        return store.ids().size();
    }

    /** Nothing left by a failed upload: no temporary, no blob, no row. */
    void assertEmpty() throws Exception {
        assertEquals(0, temporaryCount(), "temporaries");
        assertEquals(0, blobCount(), "blobs");
        assertEquals(0, rowCount(), "rows");
    }

    @Override
    public void close() {
        try {
            plugin.endpoints().onClose().close();
            store.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the plugin", e);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
