package org.quicfiles.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.quicfiles.api.ApiVersion;

/**
 * Compiles small plugin modules against the api jar, in-process with the JDK's compiler, and packs
 * them as module jars: good ones, broken ones, and clashing ones, for the plugin-loading tests.
 */
public final class TestPlugins {
    private final Path sources;
    private final Path classes;

    private TestPlugins(Path work) {
        this.sources = work.resolve("src");
        this.classes = work.resolve("classes");
    }

    /** Compiles every test plugin module under {@code work}. */
    public static TestPlugins compile(Path work) throws IOException {
        TestPlugins plugins = new TestPlugins(work);
        plugins.writeSources();
        plugins.javac();
        return plugins;
    }

    /** Packs the compiled module {@code module} as {@code folder/jarName}. */
    public Path jar(String module, Path folder, String jarName) throws IOException {
        Files.createDirectories(folder);
        return jarOf(classes.resolve(module), folder.resolve(jarName));
    }

    /** Packs the files under {@code root} (a module's classes) into {@code jar}. */
    public static Path jarOf(Path root, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Writes a jar whose {@code module-info.class} is garbage. */
    public static Path brokenJar(Path folder, String jarName) throws IOException {
        Files.createDirectories(folder);
        Path jar = folder.resolve(jarName);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("module-info.class"));
            out.write("not a class file".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        return jar;
    }

    /**
     * A plugins folder with: {@code greet} (endpoint {@code greet}, command {@code ECHO}), a folder
     * plugin {@code withlib} with its own library, and the given broken kinds.
     */
    public Path folder(Path folder, String... extras) throws IOException {
        jar("test.plugin.greet", folder, "greet-1.0.jar");
        jar("test.plugin.withlib", folder.resolve("withlib"), "withlib.jar");
        jar("test.plugin.lib", folder.resolve("withlib"), "lib.jar");
        for (String extra : extras) {
            switch (extra) {
                case "broken" -> brokenJar(folder, "broken.jar");
                case "clash" -> jar("test.plugin.clash", folder, "clash.jar");
                default -> jar("test.plugin." + extra, folder, extra + ".jar");
            }
        }
        return folder;
    }

    private void javac() throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> options = new ArrayList<>(List.of("--module-source-path", sources.toString(),
                "--module-path", apiJar().toString(), "-d", classes.toString(), "-nowarn"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).forEach(options::add);
        }
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int code = compiler.run(null, diagnostics, diagnostics, options.toArray(String[]::new));
        if (code != 0) {
            throw new IOException("test plugins do not compile: " + diagnostics);
        }
    }

    /** The api jar (or classes folder) the server runs with. */
    public static Path apiJar() {
        try {
            return Path.of(ApiVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeSources() throws IOException {
        plugin("greet", "greet", "Set.of(\"ECHO\")", "Set.of(\"greet\")", "ApiVersion.CURRENT", "", """
                Path closed = context.dataDirectory().resolve("closed");
                return new Endpoints(
                        Map.of("ECHO", exchange -> {
                            ByteBuffer buffer = ByteBuffer.allocate(64);
                            while (exchange.read(buffer.clear()) >= 0) {
                                exchange.write(buffer.flip());
                            }
                        }),
                        Map.of("greet", request -> Map.of("greeting", "hi " + context.config().get("who", "world"))),
                        () -> Files.writeString(closed, "closed"));
                """, "");
        plugin("withlib", "withlib", "Set.of()", "Set.of(\"shout\")", "ApiVersion.CURRENT", "", """
                return new Endpoints(Map.of(), Map.of("shout", request -> Map.of("shout", test.plugin.lib.Shout.shout(request.string("text").orElse("")))));
                """, "requires test.plugin.lib;");
        plugin("needy", "needy", "Set.of()", "Set.of(\"needy\")", "ApiVersion.CURRENT", "", """
                return new Endpoints(Map.of(), Map.of("needy", request -> Map.of("shout", test.plugin.lib.Shout.shout(request.string("text").orElse("")))));
                """, "requires test.plugin.lib;");
        plugin("throwing", "throwing", "Set.of()", "Set.of(\"throwing\")", "ApiVersion.CURRENT",
                "public Provider() { throw new IllegalStateException(\"boom in constructor\"); }", """
                return new Endpoints(Map.of(), Map.of());
                """, "");
        plugin("future", "future", "Set.of()", "Set.of(\"future\")", "ApiVersion.CURRENT + 1", "", """
                return new Endpoints(Map.of(), Map.of());
                """, "");
        plugin("failing", "failing", "Set.of()", "Set.of(\"failing\")", "ApiVersion.CURRENT", "", """
                throw new IllegalStateException("no database for me");
                """, "");
        plugin("liar", "liar", "Set.of()", "Set.of(\"promised\")", "ApiVersion.CURRENT", "", """
                return new Endpoints(Map.of(), Map.of("other", request -> request.fields()));
                """, "");
        plugin("clash", "clash", "Set.of()", "Set.of(\"greet\")", "ApiVersion.CURRENT", "", """
                return new Endpoints(Map.of(), Map.of("greet", request -> request.fields()));
                """, "");
        plugin("tooled", "tooled", "Set.of()", "Set.of(\"tooled\")", "ApiVersion.CURRENT", "", """
                return new Endpoints(Map.of(), Map.of());
                """, "");
        write("test.plugin.tooled", "module-info.java", """
                module test.plugin.tooled {
                    requires org.quicfiles.api;
                    provides org.quicfiles.api.spi.EndpointProvider with test.plugin.tooled.Provider;
                    provides java.util.spi.ToolProvider with test.plugin.tooled.Tool;
                }
                """);
        write("test.plugin.tooled", "test/plugin/tooled/Tool.java", """
                package test.plugin.tooled;
                import java.io.PrintWriter;
                /** Prints its arguments; exits with 3 when the first one is "fail". */
                public final class Tool implements java.util.spi.ToolProvider {
                    public String name() { return "echo-args"; }
                    public int run(PrintWriter out, PrintWriter err, String... args) {
                        out.println("args " + String.join(" ", args));
                        return args.length > 0 && args[0].equals("fail") ? 3 : 0;
                    }
                }
                """);
        write("test.plugin.lib", "module-info.java", "module test.plugin.lib { exports test.plugin.lib; }");
        write("test.plugin.lib", "test/plugin/lib/Shout.java", """
                package test.plugin.lib;
                public final class Shout {
                    public static String shout(String text) { return text.toUpperCase(java.util.Locale.ROOT); }
                }
                """);
    }

    private void plugin(String id, String name, String commands, String endpoints, String apiVersion,
                        String constructor, String createBody, String extraRequires) throws IOException {
        String module = "test.plugin." + id;
        write(module, "module-info.java", "module " + module + " { requires org.quicfiles.api; " + extraRequires
                + " provides org.quicfiles.api.spi.EndpointProvider with " + module + ".Provider; }");
        write(module, module.replace('.', '/') + "/Provider.java", """
                package %s;
                import java.nio.ByteBuffer;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.Map;
                import java.util.Set;
                import org.quicfiles.api.ApiVersion;
                import org.quicfiles.api.endpoint.Endpoints;
                import org.quicfiles.api.spi.EndpointProvider;
                import org.quicfiles.api.spi.ServerContext;
                public final class Provider implements EndpointProvider {
                    %s
                    public String name() { return "%s"; }
                    public int apiVersion() { return %s; }
                    public Set<String> streamCommands() { return %s; }
                    public Set<String> requestEndpoints() { return %s; }
                    public Set<String> configKeys() { return %s; }
                    public Endpoints create(ServerContext context) throws Exception {
                        %s
                    }
                }
                """.formatted(module, constructor, name, apiVersion, commands, endpoints,
                id.equals("greet") ? "Set.of(\"who\")" : "Set.of()", createBody));
    }

    private void write(String module, String file, String content) throws IOException {
        Path path = sources.resolve(module).resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
