package org.quicfiles.load.targets;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.OptionalLong;
import org.quicfiles.load.payload.DownloadSink;

/** A server the driver can load: opens connections and knows its server process, if any. */
public interface Target extends AutoCloseable {
    /** A short name for reports, e.g. {@code quicfiles} or {@code bare-quic}. */
    String name();

    /** Opens one connection. */
    Connection connect() throws IOException;

    /** The server process's peak resident set (VmHWM) in bytes, when the tool started that process. */
    default OptionalLong peakRssBytes() {
        return OptionalLong.empty();
    }

    /** The server process's resident set now (VmRSS) in bytes, when the tool started that process. */
    default OptionalLong rssBytes() {
        return OptionalLong.empty();
    }

    /** CPU time the server process has used so far (nanoseconds), when the tool started that process. */
    default OptionalLong serverCpuNanos() {
        return OptionalLong.empty();
    }

    /** Context switches of the server process's threads so far, when the tool started that process. */
    default OptionalLong serverContextSwitches() {
        return OptionalLong.empty();
    }

    /** Stops whatever the target started; idempotent. */
    @Override
    void close();

    /** One connection; thread-safe, many operations at once. */
    interface Connection extends AutoCloseable {
        /** Uploads exactly {@code size} bytes from {@code body} and returns the file's id. */
        String put(ReadableByteChannel body, long size) throws IOException;

        /** Downloads file {@code id} into {@code sink}. */
        void get(String id, DownloadSink sink) throws IOException;

        /** Asks for file {@code id}'s metadata (the cheapest round trip the target has). */
        void info(String id) throws IOException;

        @Override
        void close();
    }
}
