package org.quicfiles.app.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.Config;
import org.quicfiles.app.internal.config.ConfigException;

class LogSettingsTest {
    @Test
    void defaultsAreInfoTextOnStderr() throws Exception {
        LogSettings settings = LogSettings.from(new Config(Map.of()), Map.of());

        assertEquals(Map.of(LogSettings.ROOT, Level.INFO), settings.levels());
        assertEquals(LogSettings.Format.TEXT, settings.format());
        assertEquals(Optional.empty(), settings.file());
    }

    @Test
    void levelsSetTheRootAndSingleLoggers() throws Exception {
        LogSettings settings = LogSettings.from(new Config(Map.of(
                "server.log-level", "warning, quicfiles.access=off,org.quicfiles.transport=DEBUG",
                "server.log-format", "JSON", "server.log-file", "/var/log/q.log",
                "server.log-file-size", "1M", "server.log-file-count", "3")), Map.of());

        assertEquals(Map.of(LogSettings.ROOT, Level.WARN, "quicfiles.access", Level.OFF,
                "org.quicfiles.transport", Level.DEBUG), settings.levels());
        assertEquals(LogSettings.Format.JSON, settings.format());
        assertEquals(Optional.of(Path.of("/var/log/q.log")), settings.file());
        assertEquals(1 << 20, settings.maxFileSize());
        assertEquals(3, settings.fileCount());
    }

    @Test
    void badValuesNameTheKeyAndWhereItWasSet() {
        assertEquals("server.log-level (--log-level): unknown level 'loud'; use trace, debug, info, warn, error or off,"
                + " or LOGGER=LEVEL", message(Map.of("server.log-level", "loud"), Map.of("server.log-level", "--log-level")));
        assertEquals("server.log-level (configuration): '=debug' does not name a logger (LOGGER=LEVEL)",
                message(Map.of("server.log-level", "info, =debug"), Map.of()));
        assertEquals("server.log-format (f.conf:2): must be text or json, is 'xml'",
                message(Map.of("server.log-format", "xml"), Map.of("server.log-format", "f.conf:2")));
        assertEquals("server.log-file-size (configuration): 'big' is not a number",
                message(Map.of("server.log-file-size", "big"), Map.of()));
        assertEquals("server.log-file-size (configuration): must be at least 1K, is 100",
                message(Map.of("server.log-file-size", "100"), Map.of()));
        assertEquals("server.log-file-count (configuration): must be 1 to 20, is 21",
                message(Map.of("server.log-file-count", "21"), Map.of()));
    }

    private static String message(Map<String, String> values, Map<String, String> origins) {
        return assertThrows(ConfigException.class, () -> LogSettings.from(new Config(values), origins)).getMessage();
    }
}
