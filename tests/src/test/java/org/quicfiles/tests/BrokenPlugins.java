package org.quicfiles.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes plugin jars that must be skipped: a garbage descriptor, one that needs a missing module, and
 * one built for api version 1.
 */
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
        PluginJars.build(jar, "broken.needy", java.util.Map.of(
                "no.such.module/module-info.java", "module no.such.module { }",
                "broken.needy/module-info.java", """
                module broken.needy {
                    requires org.quicfiles.api;
                    requires no.such.module;
                    provides org.quicfiles.api.spi.EndpointProvider with broken.needy.Needy;
                }""",
                "broken.needy/broken/needy/Needy.java", """
                package broken.needy;
                public final class Needy implements org.quicfiles.api.spi.EndpointProvider {
                    public String name() { return "needy"; }
                    public int apiVersion() { return org.quicfiles.api.ApiVersion.CURRENT; }
                    public java.util.Set<String> streamCommands() { return java.util.Set.of(); }
                    public java.util.Set<String> requestEndpoints() { return java.util.Set.of("needy"); }
                    public org.quicfiles.api.endpoint.Endpoints create(org.quicfiles.api.spi.ServerContext c) {
                        return new org.quicfiles.api.endpoint.Endpoints(java.util.Map.of(), java.util.Map.of());
                    }
                }"""), apiJar, work);
    }

    /**
     * A plugin {@code old.greeter} that reports api version 1, as every plugin compiled against api 1
     * does (its {@code apiVersion()} returns the inlined {@code ApiVersion.CURRENT} of that build).
     */
    static void apiOne(Path jar, Path apiJar, Path work) throws IOException {
        PluginJars.build(jar, "old.greeter", java.util.Map.of(
                "old.greeter/module-info.java", """
                module old.greeter {
                    requires org.quicfiles.api;
                    provides org.quicfiles.api.spi.EndpointProvider with old.greeter.Greeter;
                }""",
                "old.greeter/old/greeter/Greeter.java", """
                package old.greeter;
                public final class Greeter implements org.quicfiles.api.spi.EndpointProvider {
                    public String name() { return "oldgreeter"; }
                    public int apiVersion() { return 1; }
                    public java.util.Set<String> streamCommands() { return java.util.Set.of(); }
                    public java.util.Set<String> requestEndpoints() { return java.util.Set.of("old_greet"); }
                    public org.quicfiles.api.endpoint.Endpoints create(org.quicfiles.api.spi.ServerContext c) {
                        throw new IllegalStateException("an api-1 plugin must never be started");
                    }
                }"""), apiJar, work);
    }
}
