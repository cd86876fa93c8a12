package org.quicfiles.load.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkedServerTest {
    /** A "server" that prints a ready line and then only waits. */
    private static final List<String> SERVER = List.of("sh", "-c", "echo 'bare ready on 127.0.0.1:4433'; exec sleep 600");

    @TempDir
    Path work;

    @Test
    void theToolsShutdownHookStopsAServerItForked() throws Exception {
        try (ForkedServer server = ForkedServer.start(SERVER, Map.of(), work.resolve("server.log"), 30)) {
            ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
            assertEquals(4433, server.address().getPort());

            server.stopWithTheTool().run(); // what the JVM runs when the tool gets SIGTERM or SIGINT

            process.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(process.isAlive());
        }
    }

    @Test
    void aServerClosedByTheToolLeavesNoHookBehind() throws Exception {
        ForkedServer server = ForkedServer.start(SERVER, Map.of(), work.resolve("server.log"), 30);
        Thread hook = server.stopWithTheTool();
        server.close();

        assertFalse(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the hook was still registered");
    }

    @Test
    void aServerThatNeverGetsReadyIsStoppedAndForgotten() throws Exception {
        List<String> silent = List.of("sh", "-c", "echo starting; exec sleep 600");
        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ForkedServer.start(silent, Map.of(), work.resolve("server.log"), 1));
        assertTrue(refused.getMessage().contains("printed no ready line"), refused.getMessage());
    }
}
