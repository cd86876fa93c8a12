/**
 * Test support for endpoint plugins, ours and third parties': a {@link
 * org.quicfiles.testkit.TestServerContext} over a real SQLite file or, with
 * {@code -Dquicfiles.test.database=postgresql}, a real PostgreSQL server ({@link
 * org.quicfiles.testkit.TestDatabases}, {@link org.quicfiles.testkit.PostgresServer}), a {@link
 * org.quicfiles.testkit.MutableClock} the test moves by hand, a {@link
 * org.quicfiles.testkit.RecordingLogger}, an in-memory {@link org.quicfiles.testkit.InMemoryExchange}
 * for stream commands, and {@link org.quicfiles.testkit.SqliteDataSources} / {@link
 * org.quicfiles.plugin.support.sql.UrlDataSource} for databases, and {@link org.quicfiles.testkit.BodyMutations}
 * for fuzzing request bodies, {@link org.quicfiles.testkit.EndpointFuzz} for the check every input
 * must pass, and {@link org.quicfiles.testkit.TableSnapshot} to check that a
 * rejected request changed no row.
 *
 * <p>Use it as a test-scope dependency, {@code org.quicfiles:quicfiles-testkit}.
 */
package org.quicfiles.testkit;
