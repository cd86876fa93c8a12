package org.quicfiles.examples.hello.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.testkit.RequestCalls;

class HelloPluginTest {
    private final HelloEndpoint hello = new HelloEndpoint("Hello");

    /** What a peer receives: testkit's RequestCalls parses and encodes as the server does. */
    private String ask(String body) throws Exception {
        return new String(RequestCalls.answer(hello, body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void greetsInTheFormItWasAskedIn() throws Exception {
        assertEquals("d8:greeting13:Hello, Alice!e", ask("d4:name5:Alicee"));
        assertEquals("{\"greeting\":\"Hello, Bob \\\"B\\\"!\"}", ask(" { \"name\" : \"Bob \\\"B\\\"\" } "));
        assertEquals("{\"greeting\":\"Hello, world!\"}", ask("{}"));
        assertEquals("{\"greeting\":\"Hello, world!\"}", ask(""));
    }

    @Test
    void refusesWhatDoesNotParse() {
        for (String body : new String[] {"{\"name\":1}", "{\"name\":\"a\"} x", "d4:namei1ee", "d1:b0:1:a0:e", "nope"}) {
            QuicFilesException refused = assertThrows(QuicFilesException.class, () -> ask(body), body);
            assertEquals(ErrorCode.BAD_REQUEST, refused.code());
        }
    }

    @Test
    void upperCasesTheBodyChunkByChunk() throws Exception {
        byte[] body = "hello, wörld! ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        new UpperCommand().handle(new StreamExchange() {
            private int offset;

            @Override
            public Request header() {
                return Request.of(Request.Form.BT, java.util.Map.of("!", "UPPER"));
            }

            @Override
            public int read(ByteBuffer dst) {
                if (offset == body.length) {
                    return -1;
                }
                int count = Math.min(Math.min(dst.remaining(), 1000), body.length - offset);
                dst.put(body, offset, count);
                offset += count;
                return count;
            }

            @Override
            public void write(ByteBuffer src) {
                byte[] chunk = new byte[src.remaining()];
                src.get(chunk);
                response.writeBytes(chunk);
            }

            @Override
            public InetSocketAddress remoteAddress() {
                return new InetSocketAddress("127.0.0.1", 1);
            }
        });
        assertEquals("HELLO, WöRLD! ".repeat(5000), response.toString(StandardCharsets.UTF_8));
    }
}
