package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code server.memory} through the packaged launcher: the JVM the launcher starts has the heap and
 * direct memory the server's one start-up line reports for that size, from each place the size can
 * be set; a size too small, or a JVM sized for another size, stops the server with one line.
 */
class MemoryPackagedTest {
    private static final Pattern MEMORY_LINE = Pattern.compile("memory (\\S+) \\(([^)]*)\\): heap (\\S+), direct (\\S+?),.*"
            + "transport\\.max-connections (\\d+)");

    @TempDir
    Path work;

    @Test
    void theFlagSizesTheJvmAndEveryBudget() throws Exception {
        Matcher line = memoryLine(Map.of(), "--memory", "512M");
        assertEquals("512M", line.group(1));
        assertEquals("--memory", line.group(2));
        assertEquals("128M", line.group(3), "32M + 3/16 for the heap");
        assertEquals("128M", line.group(4), "1/4 for direct memory");
        assertEquals("8192", line.group(5), "one connection per 64 KiB");
    }

    @Test
    void theConfigFileAndTheEnvironmentSizeItToo() throws Exception {
        Path config = Files.writeString(work.resolve("quicfiles.conf"), "# sized for a small machine\nserver.memory = 384M\n");
        Matcher fromFile = memoryLine(Map.of(), "--config", config.toString());
        assertEquals("384M", fromFile.group(1));
        assertEquals("104M", fromFile.group(3));

        Matcher fromEnvironment = memoryLine(Map.of("QUICFILES_SERVER_MEMORY", "1G"));
        assertEquals("1G", fromEnvironment.group(1));
        assertEquals("224M", fromEnvironment.group(3));
    }

    @Test
    void theDefaultIs256M() throws Exception {
        Matcher line = memoryLine(Map.of());
        assertEquals("256M (default)", line.group(1) + " (" + line.group(2) + ")");
        assertEquals("80M", line.group(3));
        assertTrue(line.group().contains("database.sqlite-cache 8M"), line.group());
    }

    @Test
    void theSqliteCacheFollowsTheSizeUnlessSet() throws Exception {
        assertTrue(memoryLine(Map.of(), "--memory", "512M").group().contains("database.sqlite-cache 16M"));
        assertTrue(memoryLine(Map.of(), "--memory", "512M", "-D", "database.sqlite-cache=3M").group()
                .contains("database.sqlite-cache 3M"));
        String err = refusal(Map.of(), "-D", "database.sqlite-cache=3M", "--database", "jdbc:postgresql://127.0.0.1:1/none");
        assertTrue(err.contains("database.sqlite-cache (-D/--set) is read only by the embedded SQLite database"), err);
    }

    @Test
    void aSizeTooSmallStopsTheServerWithOneLineNamingTheKey() throws Exception {
        String err = refusal(Map.of(), "-D", "server.memory=64M");
        assertTrue(err.contains("server.memory (-D/--set): 64M is less than the smallest that runs the server (96M)"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12K34", "M", "12MM", "K5"})
    void aSizeTheLauncherCannotReadReachesTheServerWhichNamesTheKey(String size) throws Exception {
        // the launcher leaves what is not digits and one unit to the server, never to shell arithmetic
        String err = refusal(Map.of(), "--memory", size);
        assertEquals("quicfiles: server.memory (--memory): '" + size + "' is not a number", err.strip(), err);
    }

    @Test
    void aJvmSizedForAnotherSizeStopsTheServer() throws Exception {
        // as if the launcher had read another size than the server: the server's check is the last word
        String err = refusal(Map.of("QUICFILES_JAVA_OPTS", "-Dquicfiles.launcher.memory=536870912"), "--memory", "256M");
        assertTrue(err.contains("server.memory (--memory) is 256M but bin/quicfiles sized the JVM for 512M"), err);
    }

    private Matcher memoryLine(Map<String, String> environment, String... flags) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<PackagedServer> server = PackagedServer.tryStart(work, work.resolve("data"), environment, why, List.of(flags));
        assertTrue(server.isPresent(), why::toString);
        try (PackagedServer running = server.get()) {
            Matcher matcher = MEMORY_LINE.matcher(running.stderr());
            assertTrue(matcher.find(), running.stderr());
            return matcher;
        }
    }

    private String refusal(Map<String, String> environment, String... flags) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<PackagedServer> server = PackagedServer.tryStart(work, work.resolve("data"), environment, why, List.of(flags));
        server.ifPresent(PackagedServer::close);
        assertTrue(server.isEmpty(), "the server started");
        return why.toString();
    }
}
