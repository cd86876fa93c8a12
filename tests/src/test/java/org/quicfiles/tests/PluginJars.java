package org.quicfiles.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Compiles test plugins (module sources against the packaged api jar) into plugin jars. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (path under the module source path, e.g. {@code my.mod/module-info.java},
     * to content) in {@code work} and writes module {@code module}'s classes into {@code jar}.
     */
    static void build(Path jar, String module, Map<String, String> sources, Path apiJar, Path work) throws IOException {
        Path src = work.resolve("src");
        List<String> args = new ArrayList<>(List.of("--module-source-path", src.toString(),
                "--module-path", apiJar.toString(), "-d", work.resolve("classes").toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int code = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        if (code != 0) {
            throw new IOException("cannot compile the test plugin: " + diagnostics);
        }
        Path root = work.resolve("classes").resolve(module);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
