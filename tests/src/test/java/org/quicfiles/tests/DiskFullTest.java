package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.protocol.ContentIds;

/**
 * A full disk (issue 8): the data folder on a 16 MiB tmpfs that also holds a filler file. Uploads
 * fail with 480 once it is full, downloads and {@code file_info} keep working, no temporary is
 * left, and uploads succeed again once the filler is removed. Skipped where mounting is not
 * permitted (needs root).
 */
class DiskFullTest {
    @TempDir
    Path work;

    @Test
    void uploadsFailWith480WhileFullAndEverythingElseKeepsWorking() throws Exception {
        Path disk = Files.createDirectories(work.resolve("disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs is not permitted here (needs root): disk-full test skipped");
        try {
            Path filler = disk.resolve("filler");
            Files.write(filler, new byte[6 << 20]);
            SplittableRandom random = new SplittableRandom(16);
            try (PackagedServer server = PackagedServer.start(work, disk.resolve("data"));
                 QuicFilesClient client = server.connect()) {
                List<byte[]> stored = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                byte[] refused = null;
                long code = 0;
                for (int attempt = 0; attempt < 20 && refused == null; attempt++) {
                    byte[] content = Transfers.content(random, 2 << 20);
                    try {
                        ids.add(Transfers.put(client, content, 3600).id());
                        stored.add(content);
                    } catch (QuicFilesClientException e) {
                        refused = content;
                        code = e.wireCode();
                    }
                }
                assertTrue(refused != null, "the 16 MiB disk fills up");
                assertEquals(480, code);
                assertTrue(!stored.isEmpty(), "some uploads fit");
                assertEquals(List.of(), server.folder().temporaries(), "a refused upload leaves no temporary");
                assertEquals(ids.size(), server.folder().rows().size());

                for (int index = 0; index < ids.size(); index++) {
                    assertArrayEquals(stored.get(index), Transfers.get(client, ids.get(index)));
                    String info = new String(client.request("file_info", ("{\"id\":\"" + ids.get(index) + "\"}")
                            .getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8);
                    assertTrue(info.contains("\"size\":" + (2 << 20)), info);
                }

                Files.delete(filler);
                FileInfo after = Transfers.put(client, refused, 3600);
                assertEquals(ContentIds.of(refused), after.id());
                assertArrayEquals(refused, Transfers.get(client, after.id()));
                assertEquals(List.of(), server.folder().temporaries());
                server.terminate();
                System.out.printf("disk full: %d uploads of 2 MiB fit beside a 6 MiB filler on 16 MiB; the next got %d;"
                        + " after removing the filler it was stored%n", ids.size(), code);
            }
        } finally {
            assertEquals(0, run("umount", disk.toString()), "unmounted");
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
