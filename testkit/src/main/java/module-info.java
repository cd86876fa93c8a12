/**
 * Test support for endpoint plugins (ours and third parties'): a {@code ServerContext} over a real
 * SQLite file or a real PostgreSQL server started for the tests, a controllable clock, a recording logger, an in-memory {@code StreamExchange} and
 * JDBC data sources; and, in {@code org.quicfiles.testkit.storage}, the {@code BlobStore} contract suite
 * every storage provider runs. Use it as a test-scope dependency.
 */
module org.quicfiles.testkit {
    requires transitive org.quicfiles.api;
    // PostgresServer hands out UrlDataSource
    requires transitive org.quicfiles.plugin.support;
    // the server's stream-0 codec, so that RequestCalls and EndpointFuzz answer exactly as it does
    requires org.quicfiles.protocol;
    requires org.xerial.sqlitejdbc;
    requires java.net.http;
    // resolved so that DriverManager finds the driver for PostgresServer's JDBC URLs
    requires org.postgresql.jdbc;

    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports org.quicfiles.testkit;
    exports org.quicfiles.testkit.storage;
    // JUnit runs the contract's package-private test methods reflectively
    opens org.quicfiles.testkit.storage;
}
