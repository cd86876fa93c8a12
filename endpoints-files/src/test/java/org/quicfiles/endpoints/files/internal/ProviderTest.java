package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.Config;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.protocol.FileIds;

class ProviderTest {
    @TempDir
    Path root;

    @Test
    void runsAsTheNamedModule() {
        assertEquals("org.quicfiles.endpoints.files", getClass().getModule().getName());
    }

    @Test
    void serviceLoaderFindsTheFilesProvider() throws Exception {
        getClass().getModule().addUses(EndpointProvider.class);
        EndpointProvider provider = ServiceLoader.load(EndpointProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("files"))
                .findFirst().orElseThrow();
        assertEquals(ApiVersion.CURRENT, provider.apiVersion());
        assertEquals(Set.of("PUT", "GET"), provider.streamCommands());
        assertEquals(Set.of("file_info", "file_extend"), provider.requestEndpoints());

        try (FilesFixture fixture = new FilesFixture(root, Map.of("delete-period", "1h"))) {
            Endpoints endpoints = provider.create(fixture.context());
            assertEquals(provider.streamCommands(), endpoints.streamCommands().keySet());
            assertEquals(provider.requestEndpoints(), endpoints.requestEndpoints().keySet());
            endpoints.onClose().close();
        }
    }

    @Test
    void settingsHaveTheProtocolDefaultsAndRefuseNonsense() {
        FilesSettings defaults = FilesSettings.from(Config.empty());
        assertEquals(new FilesSettings(10_223_616, Duration.ofDays(14).toSeconds(), false, true, Duration.ofSeconds(10),
                Duration.ofSeconds(1)), defaults);
        FilesSettings custom = FilesSettings.from(new Config(Map.of("max-size", "1M", "max-ttl", "1h",
                "compat-ids", "yes", "delete-expired", "no", "delete-period", "500ms", "info-cache", "0s")));
        assertEquals(new FilesSettings(1 << 20, 3600, true, false, Duration.ofMillis(500),
                Duration.ZERO), custom);
        assertEquals(3600, custom.clampTtl(OptionalLong.empty()));
        assertEquals(30, custom.clampTtl(OptionalLong.of(Long.MIN_VALUE)));
        assertEquals(3600, custom.clampTtl(OptionalLong.of(Long.MAX_VALUE)));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> FilesSettings.from(new Config(Map.of("max-ttl", "10s"))));
        assertTrue(tooShort.getMessage().startsWith("max-ttl"));
        assertEquals(Duration.ZERO, FilesSettings.from(Config.empty(), true).infoCache(),
                "off by default on a database front ends share");
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> FilesSettings.from(new Config(Map.of("info-cache", "2m"))));
        assertTrue(tooLong.getMessage().startsWith("info-cache"), tooLong.getMessage());
    }

    @Test
    void theGetHeadAndPutReplyKeepTheirWireBytes() {
        // written out by hand from protocol.md, not by the protocol module that now builds them
        String id = "QGChqFTfloXyg6h9S63_JZgIFZlEYp9lsmQ0F8aMdq8I";
        org.quicfiles.api.FileInfo file = new org.quicfiles.api.FileInfo(id, 5, 100, 200);
        assertEquals("24:d1:si5e1:ui100e1:xi200ee",
                new String(GetStreamCommand.head(file), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("d1:#44:" + id + "1:ui100e1:xi200ee",
                new String(PutStreamCommand.reply(file), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void randomCompatIdsAreCompatIdsBelowTwoToThe53() {
        for (int i = 0; i < 1000; i++) {
            String id = FileCatalog.randomCompatId();
            assertTrue(FileIds.isCompatId(id) && Long.parseLong(id) >= 1 && Long.parseLong(id) < (1L << 53), id);
        }
    }
}
