package org.quicfiles.transport.ngtcp2.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bindings' struct layouts and constants ({@link Abi}) against the installed headers: compiles
 * {@code layout.c} (which prints {@code offsetof}, {@code sizeof} and the macros) with the system's C
 * compiler, runs it and compares every value. A different ngtcp2 or GnuTLS fails here, loudly,
 * instead of corrupting memory at run time. Needs gcc and the {@code -dev} packages
 * ({@code libngtcp2-dev}, {@code libngtcp2-crypto-gnutls-dev}, {@code libgnutls28-dev}), which
 * {@code .ci/run} installs.
 */
class LayoutTest {
    @Test
    void everyOffsetSizeAndConstantMatchesTheInstalledHeaders(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("layout.c");
        try (InputStream in = LayoutTest.class.getResourceAsStream("layout.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("layout");
        run(dir, List.of("gcc", "-o", binary.toString(), source.toString()));
        Map<String, Long> installed = parse(run(dir, List.of(binary.toString())));

        List<String> problems = new ArrayList<>();
        Abi.checked().forEach((name, value) -> {
            Long actual = installed.get(name);
            if (actual == null) {
                problems.add(name + ": not printed by layout.c (add it there)");
            } else if (actual.longValue() != value) {
                problems.add(name + ": the binding uses " + value + ", the installed headers say " + actual);
            }
        });
        installed.keySet().stream().filter(name -> !Abi.checked().containsKey(name))
                .forEach(name -> problems.add(name + ": printed by layout.c but not checked by Abi.checked()"));
        assertTrue(problems.isEmpty(), "the ngtcp2/GnuTLS bindings do not match this machine's headers:\n  "
                + String.join("\n  ", problems));
        assertEquals(Abi.checked().size(), installed.size());
    }

    @Test
    void theInstalledLibrariesAreTheOnesTheLayoutsAreFor() {
        assertEquals(java.util.Optional.empty(), NativeLibs.problem());
        assertTrue(Ngtcp2.versionString().startsWith(NativeLibs.NGTCP2_SERIES), Ngtcp2.versionString());
    }

    private static Map<String, Long> parse(String output) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                int space = line.lastIndexOf(' ');
                values.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
            }
        }
        return values;
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed (are gcc and the -dev packages "
                + "libngtcp2-dev, libngtcp2-crypto-gnutls-dev, libgnutls28-dev installed?):\n" + output);
        return output;
    }
}
