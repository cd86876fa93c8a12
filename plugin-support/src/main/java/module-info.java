/**
 * Helpers for plugins, on the server's boot layer beside the api so that every plugin layer
 * resolves it: implementations, not contracts, so a fix here is a new jar, never an api release
 * (decision 0012). Depends on the api and the JDK only.
 *
 * <ul>
 *   <li>{@code org.quicfiles.plugin.support.sql}: versioned schema migrations, a leader lock for
 *       servers sharing a database, and a data source over a JDBC URL for operator tools.</li>
 * </ul>
 */
module org.quicfiles.plugin.support {
    requires transitive org.quicfiles.api;

    exports org.quicfiles.plugin.support.sql;
}
