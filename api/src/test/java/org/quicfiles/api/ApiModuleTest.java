package org.quicfiles.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The api module is the stable contract for third parties: it must depend on the JDK only. */
class ApiModuleTest {
    @Test
    void runsAsANamedModule() {
        assertEquals("org.quicfiles.api", ApiVersion.class.getModule().getName());
    }

    @Test
    void requiresOnlyJdkModules() {
        ModuleDescriptor descriptor = ApiVersion.class.getModule().getDescriptor();
        Set<String> required = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("org.junit") && !name.startsWith("org.opentest4j")
                        && !name.startsWith("org.apiguardian"))
                .collect(Collectors.toSet());
        for (String name : required) {
            assertTrue(name.startsWith("java.") || name.startsWith("jdk."),
                    "api must require only JDK modules, but requires " + name);
        }
        assertTrue(required.contains("java.base"));
    }

    @Test
    void exportsTheApiAndSpiPackages() {
        Set<String> exported = ApiVersion.class.getModule().getDescriptor().exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("org.quicfiles.api", "org.quicfiles.api.endpoint",
                "org.quicfiles.api.storage", "org.quicfiles.api.spi"), exported);
    }
}
