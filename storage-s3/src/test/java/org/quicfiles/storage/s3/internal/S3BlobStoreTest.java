package org.quicfiles.storage.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicfiles.testkit.storage.TestBlobs.content;
import static org.quicfiles.testkit.storage.TestBlobs.get;
import static org.quicfiles.testkit.storage.TestBlobs.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.testkit.storage.BlobStoreContract;
import org.quicfiles.testkit.storage.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract, and the s3 provider's own promises, against a real S3 server (S3Proxy, filesystem backend). */
class S3BlobStoreTest extends BlobStoreContract {
    private static final System.Logger LOGGER = System.getLogger("storage-test");
    private static final int PART = S3Settings.MIN_PART;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path serverFolder;
    static S3ProxyServer server;
    static S3Client raw;

    @TempDir
    Path unused;
    String bucket;
    Map<String, String> settings;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(S3ProxyServer.isAvailable(), "no S3Proxy class path; build with -am so testkit-s3proxy runs");
        server = S3ProxyServer.start(serverFolder);
        raw = S3Client.builder().httpClient(Apache5HttpClient.create()).endpointOverride(server.endpoint())
                .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected BlobStore openStore() throws IOException {
        if (bucket == null) {
            bucket = "bucket-" + BUCKETS.incrementAndGet();
            server.createBucket(bucket);
            settings = new HashMap<>(server.storageSettings(bucket));
            settings.put("s3.part-size", String.valueOf(PART));
            settings.put("s3.leftover-age", "0s");
        }
        return open(settings);
    }

    private BlobStore open(Map<String, String> values) throws IOException {
        return new S3StorageProvider().open(new StorageContext(unused, new Config(values), LOGGER));
    }

    @Override
    protected List<String> temporaries() {
        List<String> found = new ArrayList<>();
        raw.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix("uploads/")).uploads()
                .forEach(u -> found.add(u.key() + " " + u.uploadId()));
        raw.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("uploads/")).contents()
                .forEach(o -> found.add(o.key()));
        return found;
    }

    /** Even names leave an unfinished multipart upload; odd ones a completed temporary never copied. */
    @Override
    protected void plantLeftover(String name) {
        String key = "uploads/" + name;
        if (name.hashCode() % 2 == 0) {
            String id = raw.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            raw.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromString("half"));
        } else {
            raw.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("half an upload"));
        }
    }

    @Override
    protected int bytesThatMakeATemporary() {
        return PART + 1;
    }

    @AfterEach
    void nothingLeftInUploads() {
        if (bucket != null && server != null) {
            assertEquals(List.of(), temporaries().stream().filter(t -> !t.contains("crashed")).toList());
        }
    }

    @Test
    void isFoundByServiceLoaderButNeverChosenUnlessNamed() {
        getClass().getModule().addUses(StorageProvider.class);
        List<StorageProvider> found = ServiceLoader.load(StorageProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        StorageProvider s3 = found.stream().filter(p -> p.name().equals("s3")).findFirst().orElseThrow();
        assertTrue(s3.priority() < 0);
        assertTrue(s3.configKeys().contains("s3.bucket"));
        assertTrue(store.describe().startsWith("s3 " + bucket + "/ at http://127.0.0.1:"), store.describe());
    }

    @Test
    void aWriterHoldsAtMostOnePartWhateverTheBlobsSize() throws IOException {
        byte[] data = content(21, 4 * PART + 123);
        BlobWriter writer = store.create();
        int most = 0;
        for (int offset = 0; offset < data.length; offset += 100_000) {
            writer.write(java.nio.ByteBuffer.wrap(data, offset, Math.min(100_000, data.length - offset)));
            most = Math.max(most, ((S3BlobWriter) writer).bufferCapacity());
        }
        assertEquals(PART, most);
        writer.commit("big");
        assertArrayEquals(data, get(store, "big"));
    }

    @Test
    void aBlobAboveTheSingleCopyLimitIsCopiedInParts() throws IOException {
        S3BlobStore s3 = (S3BlobStore) store;
        s3.singleCopyLimit = PART;
        s3.copyPartSize = PART;
        byte[] data = content(22, 2 * PART + 7);
        write(store, data, 65536).commit("copied");
        assertArrayEquals(data, get(store, "copied"));
    }

    @Test
    void youngTemporariesOfAnotherProcessAreNotLeftovers() throws IOException {
        settings.put("s3.leftover-age", "1h");
        plantLeftover("crashed-young");
        try (BlobStore other = open(settings)) {
            assertEquals(List.of(), other.leftovers());
            assertEquals(0, other.removeLeftovers());
        }
        assertEquals(1, temporaries().size());
        assertEquals(1, store.removeLeftovers(), "older than 0 s for the store that allows it");
    }

    @Test
    void configurationMistakesNameTheKey() {
        Map<String, String> good = server.storageSettings("bucket-x");
        record Case(String key, String value, String expected) {
        }
        for (Case c : List.of(new Case("s3.bucket", "", "s3.bucket: not set"),
                new Case("s3.bucket", "Bad_Bucket", "s3.bucket: 'Bad_Bucket' is not a bucket name"),
                new Case("s3.endpoint", "ftp://x", "s3.endpoint: 'ftp://x' is not an http(s) URL"),
                new Case("s3.part-size", "1M", "s3.part-size: 1048576 is out of range"),
                new Case("s3.prefix", "a", "s3.prefix: 'a' must end with '/'"),
                new Case("s3.secret-key", "", "s3.secret-key: not set, but s3.access-key is"))) {
            Map<String, String> values = new HashMap<>(good);
            values.put(c.key(), c.value());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(values), c.key());
            assertTrue(e.getMessage().startsWith(c.expected()), e.getMessage());
        }
    }

    @Test
    void aMissingBucketOrWrongSecretStopsTheStart() {
        Map<String, String> missing = new HashMap<>(server.storageSettings("no-such-bucket"));
        IOException e = assertThrows(IOException.class, () -> open(missing));
        assertTrue(e.getMessage().startsWith("bucket 'no-such-bucket' does not answer: "), e.getMessage());
        Map<String, String> wrong = new HashMap<>(settings);
        wrong.put("s3.secret-key", "wrong");
        e = assertThrows(IOException.class, () -> open(wrong));
        assertTrue(e.getMessage().contains("(HTTP 403)"), e.getMessage());
    }

    @Test
    void noCredentialsAnywhereIsOneLineNamingTheKey() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && !java.nio.file.Files.exists(Path.of(System.getProperty("user.home"), ".aws")),
                "AWS credentials are configured on this machine");
        Map<String, String> values = new HashMap<>(settings);
        values.remove("s3.access-key");
        values.remove("s3.secret-key");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(values));
        assertEquals("s3.access-key: not set, and no AWS credentials found (AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, the AWS profile, a container or instance role)", e.getMessage());
    }

    @Test
    void anEndpointThatDoesNotAnswerStopsTheStart() throws IOException {
        Map<String, String> values = new HashMap<>(settings);
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            values.put("s3.endpoint", "http://127.0.0.1:" + closed.getLocalPort());
        }
        IOException e = assertThrows(IOException.class, () -> open(values));
        assertTrue(e.getMessage().startsWith("bucket '" + bucket + "' does not answer: "), e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void aPrefixKeepsTwoInstallationsApartInOneBucket() throws IOException {
        Map<String, String> prefixed = new HashMap<>(settings);
        prefixed.put("s3.prefix", "second/");
        try (BlobStore second = open(prefixed)) {
            write(second, content(23, 10), 10).commit("shared");
            assertEquals(List.of("shared"), second.ids());
            assertEquals(List.of(), store.ids());
            assertTrue(raw.headObject(b -> b.bucket(bucket).key("second/files/shared")).contentLength() == 10);
        }
    }
}
