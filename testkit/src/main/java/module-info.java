/**
 * Test support for endpoint plugins (ours and third parties'): a {@code ServerContext} over a real
 * SQLite file or a real PostgreSQL server started for the tests, a controllable clock, a recording logger, an in-memory {@code StreamExchange} and
 * JDBC data sources. Use it as a test-scope dependency.
 */
module org.quicfiles.testkit {
    requires transitive org.quicfiles.api;
    requires org.xerial.sqlitejdbc;
    // resolved so that DriverManager finds the driver for PostgresServer's JDBC URLs
    requires org.postgresql.jdbc;

    exports org.quicfiles.testkit;
}
