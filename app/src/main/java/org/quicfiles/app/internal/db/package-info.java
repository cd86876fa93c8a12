/**
 * The metadata database, handed to plugins as a {@link javax.sql.DataSource} with its dialect:
 * SQLite at {@code <data>/quicfiles.db} in WAL mode, or a pool of PostgreSQL connections with
 * {@code database.url} ({@link org.quicfiles.app.internal.db.MetadataDatabase} decides which).
 */
package org.quicfiles.app.internal.db;
