package org.quicfiles.app.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Where the installation is: the {@code quicfiles.home} system property that {@code bin/quicfiles}
 * sets, or else the folder above the {@code lib/} holding the application jar.
 */
final class InstallationHome {
    /** The system property the launcher sets to the installation folder. */
    static final String HOME_PROPERTY = "quicfiles.home";

    private InstallationHome() {
    }

    /** The installation's {@code plugins/} folder, or {@code ./plugins} when no installation is found. */
    static Path pluginsDirectory() {
        return home().map(home -> home.resolve("plugins")).orElse(Path.of("plugins"));
    }

    static Optional<Path> home() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property));
        }
        try {
            CodeSource source = InstallationHome.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            Path lib = jar.getParent();
            if (Files.isRegularFile(jar) && lib != null && lib.getFileName().toString().equals("lib")) {
                return Optional.ofNullable(lib.getParent());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no installation layout: fall back to the working directory
        }
        return Optional.empty();
    }
}
