package org.quicfiles.testkit;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** SQLite data sources set up as the server sets up its metadata database. */
public final class SqliteDataSources {
    private SqliteDataSources() {
    }

    /**
     * A data source over the SQLite file {@code file} (created on first use) in WAL mode with
     * {@code synchronous=NORMAL} and a 10 s busy timeout, so concurrent tests wait for the write
     * lock instead of failing with {@code SQLITE_BUSY}.
     */
    public static DataSource wal(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource;
    }
}
