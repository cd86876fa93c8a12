package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The arrows that must never exist (design.md, "Rules of the house"), checked on the module
 * descriptors of the packaged installation, so that every module is covered, including those
 * added later: a module of ours that requires what it must not fails here.
 */
class ModuleArrowsTest {
    private static final String OURS = "org.quicfiles.";
    private static final String API = "org.quicfiles.api";
    private static final String PROTOCOL = "org.quicfiles.protocol";
    private static final String SUPPORT = "org.quicfiles.plugin.support";

    /** Every module of ours in the installation (boot layer and plugins folder), by name. */
    private static Map<String, ModuleDescriptor> ours() {
        Map<String, ModuleDescriptor> modules = new TreeMap<>();
        for (ModuleReference module : ModuleFinder.of(Installation.home().resolve("lib"),
                Installation.home().resolve("plugins")).findAll()) {
            ModuleDescriptor descriptor = module.descriptor();
            if (descriptor.name().startsWith(OURS)) {
                modules.put(descriptor.name(), descriptor);
            }
        }
        return modules;
    }

    /** The modules of ours that {@code module} requires. */
    private static Set<String> requiresOfOurs(ModuleDescriptor module) {
        return module.requires().stream().map(ModuleDescriptor.Requires::name).filter(name -> name.startsWith(OURS))
                .collect(Collectors.toSet());
    }

    @Test
    void noModuleRequiresWhatItMustNot() {
        Map<String, ModuleDescriptor> modules = ours();
        assertTrue(modules.keySet().containsAll(Set.of(API, "org.quicfiles.app", "org.quicfiles.client",
                "org.quicfiles.protocol", SUPPORT, "org.quicfiles.bridge", "org.quicfiles.transport.quic",
                "org.quicfiles.transport.ngtcp2", "org.quicfiles.storage.local", "org.quicfiles.storage.uring",
                "org.quicfiles.storage.s3",
                "org.quicfiles.endpoints.files",
                "org.quicfiles.endpoints.session", "org.quicfiles.endpoints.token")), modules.keySet().toString());
        List<String> wrong = new ArrayList<>();
        modules.forEach((name, module) -> {
            Set<String> requires = requiresOfOurs(module);
            Set<String> allowed = allowed(name);
            requires.stream().filter(required -> !allowed.contains(required)).sorted()
                    .forEach(required -> wrong.add(name + " requires " + required));
        });
        assertEquals(List.of(), wrong, "arrows design.md forbids");
    }

    @Test
    void theApiDependsOnTheJdkOnly() {
        ModuleDescriptor api = ours().get(API);
        Set<String> outside = api.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("java.")).collect(Collectors.toSet());
        assertEquals(Set.of(), outside);
    }

    @Test
    void theProtocolStaysPureFunctionsOverBytes() {
        // endpoint plugins may require it: it must not pull anything else into their layers
        Set<String> outside = ours().get(PROTOCOL).requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("java.")).collect(Collectors.toSet());
        assertEquals(Set.of(API), outside);
    }

    @Test
    void thePluginSupportDependsOnTheApiAndTheJdkOnly() {
        // every endpoint layer resolves it from the boot layer: it must bring nothing else into them (note 0012)
        Set<String> outside = ours().get(SUPPORT).requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("java.")).collect(Collectors.toSet());
        assertEquals(Set.of(API), outside);
    }

    @Test
    void theDefaultStorageDependsOnTheApiAndTheJdkOnly() {
        ModuleDescriptor local = ours().get("org.quicfiles.storage.local");
        Set<String> outside = local.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("java.") && !name.equals(API)).collect(Collectors.toSet());
        assertEquals(Set.of(), outside);
        // the layout is seen by the io_uring provider alone
        assertEquals(Set.of("org.quicfiles.storage.uring"), local.exports().stream()
                .flatMap(export -> export.targets().stream()).collect(Collectors.toSet()));
        assertTrue(local.exports().stream().allMatch(ModuleDescriptor.Exports::isQualified));
    }

    /** What a module of ours may require of ours (libraries are not restricted here). */
    private static Set<String> allowed(String module) {
        if (module.equals(API)) {
            return Set.of();
        }
        if (module.equals("org.quicfiles.examples.hello")) {
            return Set.of(API); // the third-party example shows that the api alone is enough
        }
        if (module.startsWith("org.quicfiles.endpoints.")) {
            // an endpoint plugin sees the api, the wire vocabulary (bt, file ids, GET head, PUT
            // reply, content ids) and the plugin helpers (migrations, leader lock), never the
            // transport, storage, app or another plugin (notes 0010, 0012, 0020)
            return Set.of(API, PROTOCOL, SUPPORT);
        }
        if (module.equals("org.quicfiles.storage.uring")) {
            return Set.of(API, "org.quicfiles.storage.local"); // the on-disk layout it shares with nio
        }
        if (module.equals(PROTOCOL) || module.equals(SUPPORT) || module.equals("org.quicfiles.bridge")
                || module.startsWith("org.quicfiles.storage.")) {
            return Set.of(API);
        }
        if (module.startsWith("org.quicfiles.transport.")) {
            return Set.of(API, "org.quicfiles.protocol", "org.quicfiles.bridge"); // never an endpoint or storage
        }
        if (module.equals("org.quicfiles.client")) {
            return Set.of(API, "org.quicfiles.protocol", "org.quicfiles.bridge"); // never a server module; the stream bridge is shared
        }
        if (module.equals("org.quicfiles.app")) {
            // transports, storages, plugins only through ServiceLoader; protocol for the file id syntax (0020);
            // the plugin helpers resolved into the boot layer for the plugins' layers (0012)
            return Set.of(API, "org.quicfiles.client", PROTOCOL, SUPPORT);
        }
        return Set.of(API);
    }
}
