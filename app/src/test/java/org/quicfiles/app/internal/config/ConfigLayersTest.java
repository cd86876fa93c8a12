package org.quicfiles.app.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.Config;

class ConfigLayersTest {
    private static Map<String, Setting> layer(String origin, String... keysAndValues) {
        Map<String, Setting> layer = new TreeMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            layer.put(keysAndValues[index], new Setting(keysAndValues[index + 1], origin));
        }
        return layer;
    }

    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaultsAndTheWinnerNamesItsOrigin() {
        ConfigLayers layers = new ConfigLayers(
                Map.of("a.one", "default", "a.two", "default", "a.three", "default", "a.four", "default"),
                layer("a.conf:2", "a.two", "file", "a.three", "file", "a.four", "file"),
                layer("environment variable QUICFILES_A_X", "a.three", "env", "a.four", "env"),
                layer("--four", "a.four", "flag"));
        Config config = layers.merge();

        assertEquals(Map.of("a.one", "default", "a.two", "file", "a.three", "env", "a.four", "flag"), config.values());
        assertEquals(Map.of("a.one", "default", "a.two", "a.conf:2", "a.three", "environment variable QUICFILES_A_X",
                "a.four", "--four"), layers.origins());
    }

    @Test
    void mapsEnvironmentVariablesToDottedKeys() throws ConfigException {
        Map<String, Setting> keys = EnvironmentConfig.from(Map.of(
                "QUICFILES_FILES_MAX_SIZE", "20M",
                "QUICFILES_TRANSPORT_0RTT", "false",
                "QUICFILES_STORAGE_URING__QUEUE_DEPTH", "64",
                "QUICFILES_CONFIG", "/etc/quicfiles.conf",
                "HOME", "/root"));

        assertEquals(Map.of("files.max-size", new Setting("20M", "environment variable QUICFILES_FILES_MAX_SIZE"),
                "transport.0rtt", new Setting("false", "environment variable QUICFILES_TRANSPORT_0RTT"),
                "storage.uring.queue-depth", new Setting("64", "environment variable QUICFILES_STORAGE_URING__QUEUE_DEPTH")),
                keys);
        assertEquals("QUICFILES_FILES_DELETE_PERIOD", EnvironmentConfig.variableOf("files.delete-period"));
    }

    @Test
    void launcherAndToolVariablesAreNotConfiguration() throws ConfigException {
        // QUICFILES_DEBUG=1 is the README's own debug switch; QUICFILES_JAVA_OPTS is bin/quicfiles'
        Map<String, Setting> keys = EnvironmentConfig.from(Map.of(
                "QUICFILES_DEBUG", "1",
                "QUICFILES_JAVA_OPTS", "-Xmx1g",
                "QUICFILES_CONFIG", "/etc/quicfiles.conf",
                "QUICFILES_HOME", "/opt/quicfiles",
                "QUICFILES_PORT", "1"));

        assertEquals(Map.of(), keys);
        assertTrue(EnvironmentConfig.debug(Map.of("QUICFILES_DEBUG", "1")));
        assertTrue(!EnvironmentConfig.debug(Map.of("QUICFILES_DEBUG", "0")) && !EnvironmentConfig.debug(Map.of()));
    }

    @Test
    void refusesAnEnvironmentVariableThatIsNotAKey() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> EnvironmentConfig.from(Map.of("QUICFILES_FILES_MAX__", "1")));
        assertTrue(refused.getMessage().startsWith("environment variable QUICFILES_FILES_MAX__"), refused.getMessage());
    }

    @Test
    void parsesKeyValueLinesWithCommentsAndBlanksAndRemembersTheLine() throws ConfigException {
        Map<String, Setting> values = ConfigFile.parse(List.of(
                "# quicfiles", "", "  files.max-size = 20M  ", "transport.port=4433", "files.max-size = 30M",
                "token.source-url = https://example.org/a=b"), "test.conf");

        assertEquals(Map.of("files.max-size", new Setting("30M", "test.conf:5"),
                "transport.port", new Setting("4433", "test.conf:4"),
                "token.source-url", new Setting("https://example.org/a=b", "test.conf:6")), values);
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
    void aProvidersMessageAboutItsKeyNamesTheFullKeyAndWhereItWasSet() {
        ConfigErrors errors = new ConfigErrors(Map.of("files.max-ttl", "--max-ttl",
                "session.base-url", "q.conf:3", "files.max-ttl-extra", "x"));

        assertEquals("files.max-ttl (--max-ttl): must be at least 30s, is 10s",
                errors.qualify("files", "max-ttl: must be at least 30s, is 10s"));
        assertEquals("session.base-url (q.conf:3): 'x' is not a URL",
                errors.qualify("session", "session.base-url: 'x' is not a URL"));
        assertEquals("no database", errors.qualify("files", "no database"));
    }

    @Test
    void parsesAndPrintsListenAddresses() throws Exception {
        assertEquals(new ListenAddress("0.0.0.0", 11235), ListenAddress.parse("0.0.0.0:11235"));
        assertEquals(new ListenAddress("::1", 0), ListenAddress.parse("[::1]:0"));
        assertThrows(ConfigException.class, () -> ListenAddress.parse("localhost"));
        assertThrows(ConfigException.class, () -> ListenAddress.parse("::1:80"));
        assertThrows(ConfigException.class, () -> ListenAddress.parse("host:99999"));
        // what the ready line prints must be accepted back by --listen and --server
        for (String host : List.of("0.0.0.0", "::", "::1", "127.0.0.1")) {
            String printed = ListenAddress.format(java.net.InetAddress.getByName(host), 11235);
            ListenAddress parsed = ListenAddress.parse(printed);
            assertEquals(java.net.InetAddress.getByName(host), java.net.InetAddress.getByName(parsed.host()), printed);
        }
        assertEquals("[::]:11235", ListenAddress.format(java.net.InetAddress.getByName("::"), 11235));
    }
}
