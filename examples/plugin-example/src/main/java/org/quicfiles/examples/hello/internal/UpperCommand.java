package org.quicfiles.examples.hello.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.endpoint.StreamExchange;

/**
 * {@code UPPER}: streams the request body back with ASCII letters upper-cased, one chunk at a time,
 * so memory stays at one buffer whatever the body's size. Both calls block: {@code read} until the
 * peer sends, {@code write} until the peer's flow-control window opens. Returning ends the reply
 * with FIN.
 */
final class UpperCommand implements StreamCommand {
    private static final int CHUNK = 16 * 1024;

    @Override
    public void handle(StreamExchange exchange) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        while (exchange.read(buffer) >= 0) {
            buffer.flip();
            upperCase(buffer);
            exchange.write(buffer);
            buffer.clear();
        }
    }

    /** Upper-cases the ASCII letters between position and limit, in place. */
    static void upperCase(ByteBuffer buffer) {
        for (int index = buffer.position(); index < buffer.limit(); index++) {
            byte b = buffer.get(index);
            if (b >= 'a' && b <= 'z') {
                buffer.put(index, (byte) (b - ('a' - 'A')));
            }
        }
    }
}
