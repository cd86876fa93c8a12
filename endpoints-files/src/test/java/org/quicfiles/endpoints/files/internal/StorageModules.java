package org.quicfiles.endpoints.files.internal;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.quicfiles.api.spi.StorageProvider;

/**
 * Loads {@code org.quicfiles.storage.local} (the {@code nio} store) for tests. Surefire puts
 * test-scoped dependencies on the class path, where a module's {@code provides} is ignored; so this
 * resolves that jar from the class path into a module layer over the boot layer (which holds the
 * api), as the server does with its modules, and asks that layer's {@link ServiceLoader}.
 */
final class StorageModules {
    static final String MODULE = "org.quicfiles.storage.local";

    private StorageModules() {
    }

    /** The storage provider named {@code name}, if the module provides one. */
    static Optional<StorageProvider> provider(String name) {
        Path[] jars = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(Path::of)
                .filter(path -> {
                    String file = path.getFileName().toString();
                    return file.startsWith("quicfiles-storage-local");
                })
                .toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(jars);
        if (finder.find(MODULE).isEmpty()) {
            return Optional.empty();
        }
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        StorageModules.class.getModule().addUses(StorageProvider.class);
        return ServiceLoader.load(layer, StorageProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(name))
                .findFirst();
    }
}
