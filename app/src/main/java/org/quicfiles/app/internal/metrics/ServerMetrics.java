package org.quicfiles.app.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.OptionalDouble;
import org.quicfiles.api.spi.Meters;

/**
 * The server's one registry: the transport's and the plugins' meters, and the JVM's (heap and
 * non-heap memory, buffer pools with direct memory as {@code jvm_buffer_memory_used_bytes{id="direct"}},
 * GC, threads, classes, CPU, file descriptors, uptime), exposed in Prometheus text.
 */
public final class ServerMetrics implements AutoCloseable {
    /** The prefix of every meter the server and its transport publish. */
    public static final String PREFIX = "quicfiles";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** A registry with the JVM's meters bound. */
    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The transport's meters: names under {@code quicfiles.}, the same for every transport. */
    public Meters transportMeters() {
        return new RegistryMeters(registry, PREFIX);
    }

    /** A plugin's meters: names under {@code quicfiles.<plugin>.}. */
    public Meters pluginMeters(String plugin) {
        return new RegistryMeters(registry, PREFIX + "." + plugin.replace('-', '_'));
    }

    /** The current value of a gauge, e.g. {@code quicfiles.connections.open}; empty if there is none. */
    public OptionalDouble gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? OptionalDouble.empty() : OptionalDouble.of(gauge.value());
    }

    /** Every meter in the Prometheus text format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
