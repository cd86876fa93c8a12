package org.quicfiles.plugin.support.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every plugin layer resolves this module, so it must bring nothing but the api and the JDK into them. */
class PluginSupportModuleTest {
    @Test
    void requiresTheApiAndJdkModulesOnly() {
        ModuleDescriptor descriptor = SchemaMigrations.class.getModule().getDescriptor();
        assertEquals("org.quicfiles.plugin.support", descriptor.name());
        Set<String> outside = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("java.") && !name.startsWith("jdk."))
                .filter(name -> !name.startsWith("org.junit") && !name.startsWith("org.opentest4j")
                        && !name.startsWith("org.apiguardian") && !name.equals("org.xerial.sqlitejdbc"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("org.quicfiles.api"), outside);
    }
}
