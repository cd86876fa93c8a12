/**
 * The quicfiles application: the {@code quicfiles} command (picocli), configuration, the identity
 * key, the metadata database, plugin loading and the server's lifecycle.
 *
 * <p>Exports {@code org.quicfiles.app}, the embedding API ({@link org.quicfiles.app.QuicFilesServer}),
 * so that tests and other programs can run the real server in-process. Transports, storages and
 * endpoint plugins are found with {@link java.util.ServiceLoader}, never by {@code requires}.
 */
module org.quicfiles.app {
    requires transitive org.quicfiles.api;
    requires org.quicfiles.client;
    // the file id syntax for the client commands (decision 0020)
    requires org.quicfiles.protocol;
    // not used directly: resolved into the boot layer, also when the server is embedded, so that
    // endpoint plugins' layers find it there (decision 0012)
    requires org.quicfiles.plugin.support;
    requires info.picocli;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;
    // not used directly: resolved so that the pool finds the driver for jdbc:postgresql:// URLs
    requires org.postgresql.jdbc;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires jul.to.slf4j;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;
    // read by Micrometer's GC and CPU meters (com.sun.management), resolved only when someone requires it
    requires jdk.management;
    requires jdk.unsupported; // sun.misc.Signal: SIGHUP reloads the configuration

    exports org.quicfiles.app;

    opens org.quicfiles.app.cli to info.picocli;

    uses org.quicfiles.api.spi.EndpointProvider;
    uses org.quicfiles.api.spi.StorageProvider;
    uses org.quicfiles.api.spi.TransportProvider;
    uses java.util.spi.ToolProvider;

    provides ch.qos.logback.classic.spi.Configurator with org.quicfiles.app.internal.logging.DefaultLogging;
}
