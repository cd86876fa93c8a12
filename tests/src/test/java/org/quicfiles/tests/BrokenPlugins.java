package org.quicfiles.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Writes plugin jars that must be skipped: a garbage descriptor, and one that needs a missing module. */
final class BrokenPlugins {
    private BrokenPlugins() {
    }

    /** A jar whose {@code module-info.class} is not a class file. */
    static void badDescriptor(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("module-info.class"));
            out.write("garbage".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
    }

    /** A plugin module {@code broken.needy} that requires {@code no.such.module}, which is not shipped. */
    static void missingDependency(Path jar, Path apiJar, Path work) throws IOException {
        Path src = work.resolve("src");
        write(src.resolve("no.such.module/module-info.java"), "module no.such.module { }");
        write(src.resolve("broken.needy/module-info.java"), """
                module broken.needy {
                    requires org.quicfiles.api;
                    requires no.such.module;
                    provides org.quicfiles.api.spi.EndpointProvider with broken.needy.Needy;
                }""");
        write(src.resolve("broken.needy/broken/needy/Needy.java"), """
                package broken.needy;
                public final class Needy implements org.quicfiles.api.spi.EndpointProvider {
                    public String name() { return "needy"; }
                    public int apiVersion() { return 1; }
                    public java.util.Set<String> streamCommands() { return java.util.Set.of(); }
                    public java.util.Set<String> requestEndpoints() { return java.util.Set.of("needy"); }
                    public org.quicfiles.api.endpoint.Endpoints create(org.quicfiles.api.spi.ServerContext c) {
                        return new org.quicfiles.api.endpoint.Endpoints(java.util.Map.of(), java.util.Map.of());
                    }
                }""");
        Path classes = work.resolve("classes");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int code = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "--module-source-path", src.toString(), "--module-path", apiJar.toString(), "-d", classes.toString(),
                src.resolve("no.such.module/module-info.java").toString(),
                src.resolve("broken.needy/module-info.java").toString(),
                src.resolve("broken.needy/broken/needy/Needy.java").toString());
        if (code != 0) {
            throw new IOException("cannot compile the test plugin: " + diagnostics);
        }
        Path root = classes.resolve("broken.needy");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
