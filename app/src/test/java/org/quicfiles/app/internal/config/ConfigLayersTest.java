package org.quicfiles.app.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.Config;

class ConfigLayersTest {
    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaults() {
        Config config = new ConfigLayers(
                Map.of("a.one", "default", "a.two", "default", "a.three", "default", "a.four", "default"),
                Map.of("a.two", "file", "a.three", "file", "a.four", "file"),
                Map.of("a.three", "env", "a.four", "env"),
                Map.of("a.four", "flag")).merge();

        assertEquals(Map.of("a.one", "default", "a.two", "file", "a.three", "env", "a.four", "flag"), config.values());
    }

    @Test
    void mapsEnvironmentVariablesToDottedKeys() throws ConfigException {
        Map<String, String> keys = EnvironmentConfig.from(Map.of(
                "QUICFILES_FILES_MAX_SIZE", "20M",
                "QUICFILES_TRANSPORT_0RTT", "false",
                "QUICFILES_STORAGE_URING__QUEUE_DEPTH", "64",
                "QUICFILES_CONFIG", "/etc/quicfiles.conf",
                "HOME", "/root"));

        assertEquals(Map.of("files.max-size", "20M", "transport.0rtt", "false", "storage.uring.queue-depth", "64"), keys);
        assertEquals("QUICFILES_FILES_DELETE_PERIOD", EnvironmentConfig.variableOf("files.delete-period"));
    }

    @Test
    void refusesAnEnvironmentVariableWithoutASection() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> EnvironmentConfig.from(Map.of("QUICFILES_PORT", "1")));
        assertTrue(refused.getMessage().contains("QUICFILES_PORT"), refused.getMessage());
    }

    @Test
    void parsesKeyValueLinesWithCommentsAndBlanks() throws ConfigException {
        Map<String, String> values = ConfigFile.parse(List.of(
                "# quicfiles", "", "  files.max-size = 20M  ", "transport.port=4433", "files.max-size = 30M",
                "token.source-url = https://example.org/a=b"), "test.conf");

        assertEquals(Map.of("files.max-size", "30M", "transport.port", "4433",
                "token.source-url", "https://example.org/a=b"), values);
    }

    @Test
    void namesTheFileAndLineOfAMalformedLine() {
        ConfigException noEquals = assertThrows(ConfigException.class,
                () -> ConfigFile.parse(List.of("files.max-size = 1", "oops"), "test.conf"));
        assertEquals("test.conf:2: expected 'key = value', got 'oops'", noEquals.getMessage());
        ConfigException badKey = assertThrows(ConfigException.class,
                () -> ConfigFile.parse(List.of("Max Size = 1"), "test.conf"));
        assertTrue(badKey.getMessage().startsWith("test.conf:1: 'Max Size'"), badKey.getMessage());
    }

    @Test
    void checksTheValuesOfKnownKeys() {
        assertThrows(ConfigException.class, () -> ConfigCheck.validate(new Config(Map.of("transport.port", "70000"))));
        ConfigException badSize = assertThrows(ConfigException.class,
                () -> ConfigCheck.validate(new Config(Map.of("files.max-size", "lots"))));
        assertTrue(badSize.getMessage().startsWith("files.max-size"), badSize.getMessage());
        assertThrows(ConfigException.class, () -> ConfigCheck.validate(new Config(Map.of("files.delete-period", "0s"))));
    }

    @Test
    void parsesListenAddresses() throws ConfigException {
        assertEquals(new ListenAddress("0.0.0.0", 11235), ListenAddress.parse("0.0.0.0:11235"));
        assertEquals(new ListenAddress("::1", 0), ListenAddress.parse("[::1]:0"));
        assertThrows(ConfigException.class, () -> ListenAddress.parse("localhost"));
        assertThrows(ConfigException.class, () -> ListenAddress.parse("::1:80"));
        assertThrows(ConfigException.class, () -> ListenAddress.parse("host:99999"));
    }
}
