package org.quicfiles.app.internal.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.app.TestPlugins;

class PluginLoaderTest {
    @TempDir
    static Path work;

    static TestPlugins plugins;

    @BeforeAll
    static void compilePlugins() throws IOException {
        plugins = TestPlugins.compile(work.resolve("build"));
    }

    private static PluginCatalog load(Path folder) throws IOException {
        return PluginLoader.forApplication(PluginLoaderTest.class).load(folder);
    }

    private static Map<String, String> skippedReasons(PluginCatalog catalog) {
        return catalog.skipped().stream().collect(Collectors.toMap(
                skipped -> skipped.source().getFileName().toString(), SkippedPlugin::reason));
    }

    @Test
    void loadsJarAndFolderPluginsEachInItsOwnLayer() throws IOException {
        PluginCatalog catalog = load(plugins.folder(work.resolve("good")));

        assertEquals(List.of("greet", "withlib"), catalog.loaded().stream().map(LoadedPlugin::name).toList());
        LoadedPlugin greet = catalog.loaded().get(0);
        assertEquals(Set.of("ECHO"), greet.streamCommands());
        assertEquals(Set.of("greet"), greet.requestEndpoints());
        assertEquals("greet-1.0.jar", greet.sourceName());
        ModuleLayer greetLayer = greet.provider().getClass().getModule().getLayer();
        ModuleLayer withlibLayer = catalog.loaded().get(1).provider().getClass().getModule().getLayer();
        assertTrue(greetLayer != withlibLayer, "one layer per plugin");
        assertEquals(List.of(PluginLoaderTest.class.getModule().getLayer()), greetLayer.parents());
        assertTrue(catalog.skipped().isEmpty(), catalog.skipped().toString());
        assertTrue(catalog.conflicts().isEmpty());
    }

    @Test
    void skipsEachBrokenPluginWithOneLineAndKeepsTheRest() throws IOException {
        PluginCatalog catalog = load(plugins.folder(work.resolve("mixed"), "broken", "needy", "throwing", "future"));

        assertEquals(List.of("greet", "withlib"), catalog.loaded().stream().map(LoadedPlugin::name).toList());
        Map<String, String> reasons = skippedReasons(catalog);
        assertEquals(Set.of("broken.jar", "needy.jar", "throwing.jar", "future.jar"), reasons.keySet());
        assertTrue(reasons.get("needy.jar").contains("test.plugin.lib"), reasons.get("needy.jar"));
        assertTrue(reasons.get("throwing.jar").contains("boom in constructor"), reasons.get("throwing.jar"));
        assertTrue(reasons.get("future.jar").contains("needs api version 3"), reasons.get("future.jar"));
        assertTrue(reasons.get("broken.jar").length() > 0);
        reasons.values().forEach(reason -> assertTrue(!reason.contains("\n"), reason));
    }

    @Test
    void reportsTwoPluginsClaimingOneName() throws IOException {
        PluginCatalog catalog = load(plugins.folder(work.resolve("clashing"), "clash"));

        assertEquals(1, catalog.conflicts().size());
        String conflict = catalog.conflicts().get(0);
        assertTrue(conflict.contains("'greet' (greet-1.0.jar)") && conflict.contains("'clash' (clash.jar)")
                && conflict.contains("request endpoint 'greet'"), conflict);
    }

    @Test
    void aPluginCannotShadowTheApi() throws IOException {
        Path folder = work.resolve("shadow");
        plugins.jar("test.plugin.greet", folder.resolve("greet"), "greet.jar");
        plugins.jar("test.plugin.lib", folder.resolve("greet"), "lib.jar");
        // a copy of the api module shipped inside the plugin's folder must not replace the server's
        Path apiJar = TestPlugins.apiJar();
        if (java.nio.file.Files.isDirectory(apiJar)) {
            TestPlugins.jarOf(apiJar, folder.resolve("greet").resolve("api-copy.jar"));
        } else {
            java.nio.file.Files.copy(apiJar, folder.resolve("greet").resolve("api-copy.jar"));
        }

        PluginCatalog catalog = load(folder);

        assertTrue(catalog.skipped().isEmpty(), catalog.skipped().toString());
        LoadedPlugin greet = catalog.loaded().get(0);
        Module api = org.quicfiles.api.ApiVersion.class.getModule();
        assertEquals(api, greet.provider().getClass().getModule().getLayer().findModule("org.quicfiles.api").orElseThrow());
        ModuleLayer greetLayer = greet.provider().getClass().getModule().getLayer();
        assertTrue(greetLayer.modules().stream().noneMatch(module -> module.getName().equals("org.quicfiles.api")),
                greetLayer.modules().toString());
    }
}
