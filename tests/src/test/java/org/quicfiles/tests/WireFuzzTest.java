package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.protocol.ContentIds;

/**
 * Over-the-wire fuzz against the whole packaged server (issue 8): mutated command blocks on file
 * streams, mutated bt and JSON bodies for the files endpoints, and mutated stream-0 frames. Every
 * answer is a documented code or a valid reply; afterwards the server still works, no temporary or
 * orphan row is left, and its paranoid leak detector reported nothing.
 *
 * <p>Cases: {@code -Dfuzz.cases} (300 by default); seed {@code -Dfuzz.seed} (printed).
 */
class WireFuzzTest {
    static final Set<Long> FILE_STREAM_CODES = Set.of(400L, 404L, 405L, 451L, 452L, 453L);
    static final long MALFORMED_FRAME = 777000105L;

    @TempDir
    Path work;

    @Test
    void mutatedInputsGetDocumentedAnswersAndLeaveNothingBehind() throws Exception {
        int cases = Integer.getInteger("fuzz.cases", 300);
        long seed = Long.getLong("fuzz.seed", 8080L);
        System.out.printf("wire fuzz: %d cases, seed %d (-Dfuzz.seed=%d to repeat)%n", cases, seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        try (PackagedServer server = PackagedServer.startParanoid(work, work.resolve("data"))) {
            byte[] known = "a file the fuzz can find".getBytes(StandardCharsets.US_ASCII);
            String knownId;
            try (QuicFilesClient client = server.connect()) {
                knownId = Transfers.put(client, known, 3600).id();
            }
            List<byte[]> seeds = List.of(
                    Transfers.concat(Transfers.block(Bt.Dict.builder().put("!", "PUT").put("s", 5L).put("t", 60L).build()),
                            "abcde".getBytes(StandardCharsets.US_ASCII)),
                    Transfers.block(Bt.Dict.builder().put("!", "GET").put("#", knownId).build()),
                    Transfers.block(Bt.Dict.builder().put("!", "GET").put("#", "1234").build()));
            List<byte[]> bodies = List.of(
                    Bt.Dict.builder().put("#", knownId).build().encode(),
                    Bt.Dict.builder().put("#", knownId).put("t", 60L).build().encode(),
                    ("{\"id\":\"" + knownId + "\"}").getBytes(StandardCharsets.US_ASCII),
                    ("{\"id\":\"" + knownId + "\",\"ttl\":120}").getBytes(StandardCharsets.US_ASCII));
            int streams = 0;
            int requests = 0;
            int frames = 0;
            QuicFilesClient client = server.connect();
            try {
                for (int index = 0; index < cases; index++) {
                    int kind = random.nextInt(10);
                    if (kind < 5) {
                        byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())));
                        long code = Transfers.resetCode(client, input);
                        assertTrue(code == -1 || FILE_STREAM_CODES.contains(code),
                                "case " + index + ": code " + code + " for " + show(input));
                        streams++;
                    } else if (kind < 9) {
                        byte[] body = mutate(random, bodies.get(random.nextInt(bodies.size())));
                        String endpoint = random.nextBoolean() ? "file_info" : "file_extend";
                        try {
                            client.request(endpoint, body);
                        } catch (RequestFailedException e) {
                            assertTrue(e.bodyText().contains("BAD_REQUEST") || e.bodyText().contains("NOT_FOUND"),
                                    "case " + index + ": " + e.bodyText() + " for " + show(body));
                        }
                        requests++;
                    } else {
                        byte[] frame = mutate(random, frame(endpointCall(random, bodies)));
                        RawWire.sendRequestBytes(client, frame);
                        try {
                            client.request("file_info", bodies.get(0));
                        } catch (QuicFilesClientException e) {
                            assertEquals(MALFORMED_FRAME, e.wireCode(), "case " + index + " for " + show(frame));
                        } catch (RequestFailedException e) {
                            // the mutated frame was a well-formed command of its own; its reply may be an error
                        } catch (java.io.IOException e) {
                            // the reset raced our request: the client saw the stream closed, without the code
                            assertTrue(e.getMessage().contains("request stream closed"), "case " + index + ": " + e);
                        }
                        client.close();
                        client = server.connect();
                        frames++;
                    }
                }
                byte[] after = Transfers.content(random, 70_000);
                assertArrayEquals(after, Transfers.get(client, Transfers.put(client, after, 60).id()),
                        "a well-formed PUT and GET work after the fuzz");
            } finally {
                client.close();
            }
            DataFolder folder = server.folder();
            assertEquals(List.of(), folder.temporaries());
            Set<String> blobs = new TreeSet<>(folder.blobIds());
            assertEquals(blobs, new TreeSet<>(folder.rows().keySet()), "no row without a blob");
            for (String id : blobs) {
                assertEquals(id, ContentIds.of(Files.readAllBytes(folder.blob(id))));
            }
            server.terminate();
            assertTrue(!server.stderr().contains("LEAK:"), server.stderr());
            System.out.printf("wire fuzz: %d file streams, %d endpoint bodies, %d stream-0 frames; server up, no leak%n",
                    streams, requests, frames);
        }
    }

    private static byte[] endpointCall(SplittableRandom random, List<byte[]> bodies) {
        return Bt.Lst.of(Bt.Str.of("C"), new Bt.Int(1_000_000), Bt.Str.of("file_info"),
                new Bt.Str(bodies.get(random.nextInt(bodies.size())))).encode();
    }

    private static byte[] frame(byte[] list) {
        return Transfers.concat((list.length + ":").getBytes(StandardCharsets.US_ASCII), list);
    }

    /** One to four random edits: flip a byte, drop a range, duplicate a range, insert random bytes, truncate. */
    static byte[] mutate(SplittableRandom random, byte[] input) {
        byte[] bytes = input.clone();
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits && bytes.length > 0; edit++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = splice(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(4)), new byte[0]);
                case 2 -> bytes = splice(bytes, at, at, java.util.Arrays.copyOfRange(bytes, at,
                        Math.min(bytes.length, at + 1 + random.nextInt(8))));
                case 3 -> bytes = splice(bytes, at, at, Transfers.content(random, 1 + random.nextInt(6)));
                default -> bytes = java.util.Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] out = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(bytes, to, out, from + insert.length, bytes.length - to);
        return out;
    }

    private static String show(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
