package org.quicfiles.plugin.support.sql;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} with nothing to configure: no log writer, no login timeout, no parent
 * logger, wrapping nothing. What is left to write is how a connection is had.
 *
 * @since 0.1.0
 */
public interface PlainDataSource extends DataSource {
    @Override
    default PrintWriter getLogWriter() {
        return null;
    }

    @Override
    default void setLogWriter(PrintWriter out) {
        // nothing is logged through a writer
    }

    @Override
    default void setLoginTimeout(int seconds) {
        // connections are opened without a login wait of their own
    }

    @Override
    default int getLoginTimeout() {
        return 0;
    }

    @Override
    default Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent");
    }

    @Override
    default <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    default boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
