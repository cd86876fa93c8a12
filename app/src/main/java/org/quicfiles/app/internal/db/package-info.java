/**
 * The embedded metadata database: SQLite at {@code <data>/quicfiles.db} in WAL mode, handed to
 * plugins as a {@link javax.sql.DataSource}.
 */
package org.quicfiles.app.internal.db;
