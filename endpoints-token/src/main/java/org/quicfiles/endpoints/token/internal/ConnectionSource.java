package org.quicfiles.endpoints.token.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the plugin gets database connections: the server's {@code DataSource} when running, a
 * JDBC URL when the operator's import runs outside the server.
 */
@FunctionalInterface
interface ConnectionSource {
    /** A new connection; the caller closes it. */
    Connection open() throws SQLException;
}
