package org.quicfiles.tests;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The embedding API ({@code org.quicfiles.app.QuicFilesServer}) of the packaged installation, run
 * in this JVM in a module layer built from the installation's {@code lib/} (this test module runs on
 * the class path, where the providers' {@code provides} clauses would not be seen), with a clock the
 * test controls. Called by reflection: the layer's classes are not this class path's.
 */
final class EmbeddedServer implements AutoCloseable {
    private static ModuleLayer layer;

    private final Object server;

    private EmbeddedServer(Object server) {
        this.server = server;
    }

    private static synchronized ModuleLayer layer() {
        if (layer == null) {
            ModuleFinder lib = ModuleFinder.of(Installation.home().resolve("lib"));
            Set<String> all = lib.findAll().stream().map(ModuleReference::descriptor)
                    .map(java.lang.module.ModuleDescriptor::name).collect(Collectors.toSet());
            Configuration configuration = ModuleLayer.boot().configuration().resolveAndBind(lib, ModuleFinder.of(), all);
            layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        }
        return layer;
    }

    /** Starts a server on 127.0.0.1 with the installation's plugins, {@code config} and {@code clock}. */
    static EmbeddedServer start(Path data, Map<String, String> config, Clock clock) throws Exception {
        ClassLoader loader = layer().findLoader("org.quicfiles.app");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> type = Class.forName("org.quicfiles.app.QuicFilesServer", true, loader);
            Object builder = type.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("data", Path.class).invoke(builder, data);
            builderType.getMethod("pluginsDirectory", Path.class).invoke(builder, Installation.home().resolve("plugins"));
            java.util.HashMap<String, String> all = new java.util.HashMap<>(Map.of("transport.address", "127.0.0.1",
                    "transport.port", "0", "session.enabled", "false"));
            all.putAll(config);
            builderType.getMethod("config", Map.class).invoke(builder, all);
            builderType.getMethod("clock", Clock.class).invoke(builder, clock);
            return new EmbeddedServer(builderType.getMethod("start").invoke(builder));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    InetSocketAddress address() throws Exception {
        return (InetSocketAddress) call("address");
    }

    byte[] publicKey() throws Exception {
        return (byte[]) call("publicKey");
    }

    private Object call(String name) throws Exception {
        Method method = server.getClass().getMethod(name);
        return method.invoke(server);
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            call("close");
        } catch (Exception e) {
            throw new java.io.IOException("closing the embedded server failed", e);
        }
    }
}
