package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Datagram fuzz at the ngtcp2 transport's port while a libquic-shaped client is in the middle of
 * multi-MiB transfers (bounded, fixed seed): random datagrams (headers shaped like Initials of
 * version 1 and of unknown versions, short headers, plain noise, of every length a UDP payload may
 * have here), and mutated copies of the datagrams the live client really sent (replayed as they
 * are, bit-flipped, truncated, extended or coalesced, with connection ids swapped, with header bytes
 * changed), all from another source address. Native code parses every one of them. Asserted: the
 * live transfers complete byte-exact, the live connection stays on its own path (a replayed packet
 * carrying its connection id neither kills nor migrates it), the server keeps answering between
 * batches, no line at WARNING or above is logged and INFO stays a handful (a flood of bad packets
 * must not flood the log), and a fresh client connects and transfers afterwards.
 * {@code -Dngtcp2.fuzz.datagrams=N} runs more.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatagramFuzzTest {
    private static final int DATAGRAMS = Integer.getInteger("ngtcp2.fuzz.datagrams", 20_000);
    /** Datagrams between two checks that the server still answers (and keeps up: no kernel buffer overflows). */
    private static final int BATCH = 500;
    private static final int RECORDED = 400;
    private static final int TRANSFER = 4 << 20;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** A version no one speaks: a 1,200-byte long header of it gets Version Negotiation. */
    private static final int PROBE_VERSION = 0x1a2a3a4a;

    @Test
    void liveTransfersSurviveRandomAndMutatedDatagramsFromAnotherAddress() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] pin = ServerKeyPin.rawEd25519(identity.getPublic());
        RecordingLogger log = new RecordingLogger();
        InMemoryFileRouter router = new InMemoryFileRouter();
        Ngtcp2Server server = InProcessServers.start(identity, router, Map.of(), log);
        SplittableRandom random = new SplittableRandom(20261206);
        // closed in reverse order: the live client first, so that a failed fuzz ends the transfers too
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             LibquicClient live = new LibquicClient(HANG_GUARD).recordingSent(RECORDED);
             DatagramSocket fuzz = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress target = server.localAddress();
            live.connect(target, pin);
            byte[] warmUp = bytes(random, 64 * 1024);
            assertArrayEquals(warmUp, live.get(live.put(warmUp).string("#").orElseThrow()));

            // transfers round after round until the fuzz is over; the fuzz starts once the first is under way
            AtomicBoolean fuzzDone = new AtomicBoolean();
            AtomicInteger rounds = new AtomicInteger();
            CompletableFuture<Void> underWay = live.progress(0, 1 << 20);
            Future<?> transfers = threads.submit(() -> {
                SplittableRandom contentRandom = new SplittableRandom(7);
                do {
                    byte[] content = bytes(contentRandom, TRANSFER);
                    String id = live.put(content).string("#").orElseThrow();
                    assertArrayEquals(content, live.get(id), "round " + rounds.get());
                    router.forget(id);
                    rounds.incrementAndGet();
                } while (!fuzzDone.get());
                return null;
            });
            underWay.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            assertFalse(transfers.isDone(), "the first transfer is still under way when the fuzz starts");

            List<byte[]> recorded = live.sentDatagrams();
            assertTrue(recorded.size() > 100 && recorded.stream().anyMatch(d -> (d[0] & 0x80) == 0)
                    && recorded.stream().anyMatch(d -> (d[0] & 0x80) != 0),
                    "long- and short-header packets of the live client recorded: " + recorded.size());
            InetSocketAddress liveAddress = live.localAddress();
            long start = System.nanoTime();
            int mutated = 0;
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] datagram;
                if (random.nextInt(5) < 2) {
                    datagram = datagram(random);
                } else {
                    datagram = mutate(random, recorded);
                    mutated++;
                }
                fuzz.send(new DatagramPacket(datagram, datagram.length, target));
                if ((i + 1) % BATCH == 0 || i == DATAGRAMS - 1) {
                    assertAnswers(fuzz, target, random, i + 1);
                    assertTrue(server.peerAddresses().contains(liveAddress),
                            "the live connection is still on its path after " + (i + 1) + " datagrams: " + server.peerAddresses());
                }
            }
            long fuzzMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            fuzzDone.set(true);
            transfers.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("ngtcp2 fuzz: %d datagrams (%d mutated copies of %d recorded) in %d ms during %d live"
                    + " round(s) of %d MiB up and down%n", DATAGRAMS, mutated, recorded.size(), fuzzMillis, rounds.get(),
                    TRANSFER >> 20);
            assertTrue(rounds.get() >= 1);

            assertTrue(server.peerAddresses().contains(liveAddress), "the live connection never moved to the fuzzer");
            byte[] after = bytes(random, 300_000);
            assertArrayEquals(after, live.get(live.put(after).string("#").orElseThrow()), "the live client, after the fuzz");
            try (LibquicClient fresh = new LibquicClient(HANG_GUARD)) {
                fresh.connect(target, pin);
                byte[] content = bytes(random, 300_000);
                assertArrayEquals(content, fresh.get(fresh.put(content).string("#").orElseThrow()), "a fresh client");
            }
        } finally {
            server.close();
        }
        assertEquals(List.of(), log.atLeast(System.Logger.Level.WARNING), "nothing logged at WARNING or above");
        List<String> info = log.atLeast(System.Logger.Level.INFO);
        assertTrue(info.size() <= 5, "the fuzz did not flood the log at INFO: " + info);
    }

    /**
     * Sends a 1,200-byte long header of an unknown version with fresh connection ids and waits
     * (bounded) for the Version Negotiation that echoes them: the server is alive and has read
     * every datagram sent before it. Other answers to the fuzz (resets, closes) are skipped.
     */
    private static void assertAnswers(DatagramSocket fuzz, InetSocketAddress target, SplittableRandom random, int sent)
            throws IOException {
        byte[] scid = bytes(random, 20);
        ByteBuffer probe = ByteBuffer.allocate(1200);
        probe.put((byte) 0xc0).putInt(PROBE_VERSION).put((byte) 20).put(bytes(random, 20)).put((byte) 20).put(scid);
        fuzz.send(new DatagramPacket(probe.array(), probe.capacity(), target));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] buffer = new byte[65_536];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no Version Negotiation within 10 s after " + sent + " fuzz datagrams");
            }
            fuzz.setSoTimeout((int) Math.max(1, left));
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                fuzz.receive(answer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            // Version Negotiation: version 0, then our SCID as its DCID
            if (answer.getLength() >= 26 && (buffer[0] & 0x80) != 0 && buffer[1] == 0 && buffer[2] == 0 && buffer[3] == 0
                    && buffer[4] == 0 && buffer[5] == 20 && Arrays.equals(buffer, 6, 26, scid, 0, 20)) {
                return;
            }
        }
    }

    private static byte[] datagram(SplittableRandom random) {
        int kind = random.nextInt(4);
        int length = kind == 0 ? 1200 + random.nextInt(253) : 1 + random.nextInt(1452);
        ByteBuffer out = ByteBuffer.allocate(Math.max(length, 64));
        byte[] noise = new byte[out.capacity()];
        random.nextBytes(noise);
        out.put(noise).clear();
        switch (kind) {
            case 0, 1 -> { // long header, version 1 (an Initial most often) or another version
                out.put((byte) (0xc0 | random.nextInt(0x40)));
                out.putInt(kind == 0 || random.nextBoolean() ? 1 : random.nextInt());
                int dcid = random.nextInt(22);
                out.put((byte) dcid).position(out.position() + dcid);
                out.put((byte) random.nextInt(22));
            }
            case 2 -> out.put((byte) (0x40 | random.nextInt(0x40))); // short header, unknown connection
            default -> { // noise as it is
            }
        }
        byte[] datagram = new byte[length];
        out.clear();
        out.get(datagram);
        return datagram;
    }

    /** A copy of one recorded datagram, replayed as it is or changed one way. */
    static byte[] mutate(SplittableRandom random, List<byte[]> recorded) {
        byte[] p = recorded.get(random.nextInt(recorded.size())).clone();
        switch (random.nextInt(8)) {
            case 0 -> {
                return p; // an unmodified replay
            }
            case 1 -> { // bit flips
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return p;
            }
            case 2 -> {
                return Arrays.copyOf(p, 1 + random.nextInt(Math.max(1, p.length - 1))); // truncated
            }
            case 3 -> { // extended by noise
                byte[] longer = Arrays.copyOf(p, p.length + 1 + random.nextInt(64));
                byte[] noise = bytes(random, longer.length - p.length);
                System.arraycopy(noise, 0, longer, p.length, noise.length);
                return longer;
            }
            case 4 -> { // coalesced with another recorded packet
                byte[] other = recorded.get(random.nextInt(recorded.size()));
                byte[] both = Arrays.copyOf(p, p.length + other.length);
                System.arraycopy(other, 0, both, p.length, other.length);
                return both;
            }
            case 5 -> { // the DCID of another recorded packet (another id of the live connection, or its first one)
                int[] own = dcid(p);
                byte[] source = recorded.get(random.nextInt(recorded.size()));
                int[] theirs = dcid(source);
                if (own == null || theirs == null) {
                    return p;
                }
                return withDcid(p, own, Arrays.copyOfRange(source, theirs[0], theirs[0] + theirs[1]));
            }
            case 6 -> { // DCID and SCID swapped (long header), or a random DCID (short header)
                int[] own = dcid(p);
                if (own == null) {
                    return p;
                }
                if ((p[0] & 0x80) == 0) {
                    return withDcid(p, own, bytes(random, own[1]));
                }
                int scidAt = own[0] + own[1];
                if (scidAt >= p.length || scidAt + 1 + (p[scidAt] & 0xff) > p.length) {
                    return p;
                }
                int scidLength = p[scidAt] & 0xff;
                byte[] scid = Arrays.copyOfRange(p, scidAt + 1, scidAt + 1 + scidLength);
                byte[] dcid = Arrays.copyOfRange(p, own[0], own[0] + own[1]);
                ByteBuffer out = ByteBuffer.allocate(p.length);
                out.put(p, 0, 5).put((byte) scidLength).put(scid).put((byte) dcid.length).put(dcid);
                out.put(p, scidAt + 1 + scidLength, p.length - scidAt - 1 - scidLength);
                return out.array();
            }
            default -> { // the first byte, or a long header's version, changed
                if ((p[0] & 0x80) != 0 && p.length >= 5 && random.nextBoolean()) {
                    ByteBuffer.wrap(p).putInt(1, random.nextBoolean() ? random.nextInt() : 0);
                } else {
                    p[0] = (byte) random.nextInt(256);
                }
                return p;
            }
        }
    }

    /** Offset and length of a datagram's DCID (a short header's is the server's 18 bytes), or null. */
    private static int[] dcid(byte[] p) {
        if ((p[0] & 0x80) == 0) {
            return p.length >= 1 + Ngtcp2Server.SCID_LENGTH ? new int[] {1, Ngtcp2Server.SCID_LENGTH} : null;
        }
        if (p.length < 6 || 6 + (p[5] & 0xff) > p.length) {
            return null;
        }
        return new int[] {6, p[5] & 0xff};
    }

    private static byte[] withDcid(byte[] p, int[] own, byte[] dcid) {
        boolean longHeader = (p[0] & 0x80) != 0;
        if (!longHeader && dcid.length != own[1]) {
            dcid = Arrays.copyOf(dcid, own[1]); // a short header has no length byte
        }
        ByteBuffer out = ByteBuffer.allocate(p.length - own[1] + dcid.length);
        out.put(p, 0, own[0]).put(dcid).put(p, own[0] + own[1], p.length - own[0] - own[1]);
        if (longHeader) {
            out.put(5, (byte) dcid.length);
        }
        return out.array();
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
