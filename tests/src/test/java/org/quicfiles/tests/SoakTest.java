package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;
import org.quicfiles.protocol.ContentIds;

/**
 * Soak (issue 8): a mixed load (uploads of 1 B to 1 MiB, downloads, file_info, 404s, new
 * connections) against the packaged server for {@code -Dsoak.minutes} minutes (1 in CI), printing
 * operations, errors, the server's heap, RSS ({@code VmRSS}) and open descriptors every minute.
 * Long run: {@code tests/soak 30}.
 */
class SoakTest {
    static final int WORKERS = 4;

    @TempDir
    Path work;

    @Test
    void aMixedLoadRunsWithoutErrorsAndTheServerDoesNotGrow() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "1"));
        Instant end = Instant.now().plus(Duration.ofSeconds((long) (minutes * 60)));
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"))) {
            Map<String, byte[]> stored = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            AtomicLong operations = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int index = 0; index < WORKERS; index++) {
                long seed = 1000 + index;
                workers.add(Thread.ofVirtual().start(() -> work(server, seed, end, stored, errors, operations)));
            }
            Sample first = Sample.of(server.pid());
            report(0, operations.get(), errors.size(), first);
            int minute = 0;
            Sample last = first;
            for (Thread worker : workers) {
                while (!worker.join(Duration.ofMinutes(1))) {
                    last = Sample.of(server.pid());
                    report(++minute, operations.get(), errors.size(), last);
                }
            }
            last = Sample.of(server.pid());
            report(-1, operations.get(), errors.size(), last);
            errors.stream().limit(20).forEach(error -> System.out.println("soak error: " + error));
            assertEquals(List.of(), List.copyOf(errors));
            assertTrue(operations.get() > 0);
            assertTrue(last.descriptors() < first.descriptors() + 64,
                    "open descriptors grew from " + first.descriptors() + " to " + last.descriptors());
            assertEquals(List.of(), server.folder().temporaries());
            server.terminate();
        }
    }

    private static void work(PackagedServer server, long seed, Instant end, Map<String, byte[]> stored,
                             ConcurrentLinkedQueue<String> errors, AtomicLong operations) {
        SplittableRandom random = new SplittableRandom(seed);
        while (Instant.now().isBefore(end)) {
            try (QuicFilesClient client = server.connect()) {
                for (int step = 0; step < 50 && Instant.now().isBefore(end); step++) {
                    operation(client, random, stored);
                    operations.incrementAndGet();
                }
            } catch (IOException | RuntimeException | AssertionError e) {
                errors.add(e.toString());
            }
        }
    }

    private static void operation(QuicFilesClient client, SplittableRandom random, Map<String, byte[]> stored)
            throws IOException {
        List<String> ids = List.copyOf(stored.keySet());
        int kind = random.nextInt(10);
        if (kind < 4 || ids.isEmpty()) {
            byte[] content = Transfers.content(random, 1 + random.nextInt(random.nextBoolean() ? 4096 : 1 << 20));
            String id = Transfers.put(client, content, 3600).id();
            assertEquals(ContentIds.of(content), id);
            if (stored.size() < 200) {
                stored.put(id, content);
            }
        } else if (kind < 8) {
            String id = ids.get(random.nextInt(ids.size()));
            assertArrayEquals(stored.get(id), Transfers.get(client, id));
        } else if (kind < 9) {
            String id = ids.get(random.nextInt(ids.size()));
            String reply = new String(client.request("file_info", ("{\"id\":\"" + id + "\"}")
                    .getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8);
            assertTrue(reply.contains("\"size\":" + stored.get(id).length), reply);
        } else {
            try {
                Transfers.get(client, "B".repeat(44));
                throw new AssertionError("an unknown id was served");
            } catch (QuicFilesClientException e) {
                assertEquals(404, e.wireCode());
            }
            try {
                client.request("file_info", "{\"id\":\"nope\"}".getBytes(StandardCharsets.US_ASCII));
                throw new AssertionError("a bad id got an answer");
            } catch (RequestFailedException e) {
                assertTrue(e.bodyText().contains("BAD_REQUEST"), e.bodyText());
            }
        }
    }

    private static void report(int minute, long operations, int errors, Sample sample) {
        System.out.printf("soak %s: %d operations, %d errors, server heap %s, VmRSS %d kB, %d open fds%n",
                minute < 0 ? "end" : "minute " + minute, operations, errors, sample.heap(), sample.rssKb(),
                sample.descriptors());
    }

    /** The server's heap (from jcmd GC.heap_info), RSS and open descriptors at one moment. */
    record Sample(String heap, long rssKb, long descriptors) {
        static Sample of(long pid) throws IOException, InterruptedException {
            long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
            long fds;
            try (Stream<Path> open = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = open.count();
            }
            return new Sample(heap(pid), rss, fds);
        }

        private static String heap(long pid) throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                return "unknown";
            }
            return out.lines().filter(line -> line.contains("total") && line.contains("used")).findFirst()
                    .map(String::strip).orElse("unknown");
        }
    }
}
