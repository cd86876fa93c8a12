package org.quicfiles.load.targets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.quicfiles.protocol.Bt;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.load.payload.DownloadSink;
import org.quicfiles.load.server.ForkedServer;

/**
 * A quic-files server reached through the quicfiles client: the real server or the bare baseline
 * (which speaks the same wire protocol from memory).
 */
final class QuicTarget implements Target {
    private final String name;
    private final ClientOptions options;
    private final AutoCloseable owned;

    /**
     * @param owned the server (process) this target stops on {@link #close()}, or {@code null}
     */
    QuicTarget(String name, InetSocketAddress server, Optional<String> keyHex, Duration timeout, AutoCloseable owned) {
        this.name = name;
        // the bare server's ids are decimal (never hashed): hashing quicfiles' content ids would make
        // the driver, on the same cores, spend ~0.18 ms more per 100 KB GET on quicfiles alone
        // (decision note 0191)
        this.options = keyHex.map(hex -> ClientOptions.pinned(server, ServerKey.fromHex(hex), timeout))
                .orElseGet(() -> ClientOptions.unpinned(server, timeout))
                .withoutContentCheck();
        this.owned = owned;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Connection connect() throws IOException {
        return new QuicConnection(QuicFilesClient.connect(options));
    }

    @Override
    public OptionalLong rssBytes() {
        return owned instanceof ForkedServer process ? process.rssBytes() : OptionalLong.empty();
    }

    @Override
    public OptionalLong serverCpuNanos() {
        return owned instanceof ForkedServer process ? process.cpuNanos() : OptionalLong.empty();
    }

    @Override
    public OptionalLong serverContextSwitches() {
        return owned instanceof ForkedServer process ? process.contextSwitches() : OptionalLong.empty();
    }

    @Override
    public OptionalLong peakRssBytes() {
        return owned instanceof ForkedServer process ? process.peakRssBytes() : OptionalLong.empty();
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop " + name, e);
            }
        }
    }

    private record QuicConnection(QuicFilesClient client) implements Connection {
        @Override
        public String put(ReadableByteChannel body, long size) throws IOException {
            return client.put(body, size, OptionalLong.empty()).id();
        }

        @Override
        public void get(String id, DownloadSink sink) throws IOException {
            long size = client.get(id, sink).size();
            sink.requireComplete(size);
        }

        @Override
        public void info(String id) throws IOException {
            client.request("file_info", Bt.Dict.builder().put("#", id).build().encode());
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
