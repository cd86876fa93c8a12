package org.quicfiles.tests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.protocol.HeaderBlockParser;

/** Small helpers the end-to-end tests share: content, uploads, downloads and raw command blocks. */
final class Transfers {
    private Transfers() {
    }

    static byte[] content(SplittableRandom random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static FileInfo put(QuicFilesClient client, byte[] content, long ttl) throws IOException {
        return client.put(Channels.newChannel(new ByteArrayInputStream(content)), content.length, OptionalLong.of(ttl));
    }

    static byte[] get(QuicFilesClient client, String id) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.get(id, Channels.newChannel(out));
        return out.toByteArray();
    }

    /** The command block of {@code header}, {@code <len>:} prefix included. */
    static byte[] block(Bt.Dict header) {
        return HeaderBlockParser.encode(header);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * Sends {@code bytes} and FIN on a new file stream.
     *
     * @return the code of the server's RESET_STREAM, or -1 if it answered with FIN
     */
    static long resetCode(QuicFilesClient client, byte[] bytes) throws IOException {
        try {
            RawWire.exchange(client, bytes, true);
            return -1;
        } catch (QuicFilesClientException e) {
            return e.wireCode();
        }
    }
}
