package org.quicfiles.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.quicfiles.plugin.support.sql.PlainDataSource;

/**
 * A {@link DataSource} that keeps up to a few closed connections open for reuse, as the server's
 * metadata database does: opening a SQLite connection costs far more than a query (decision 0303).
 * It never blocks: when every kept connection is in use it opens another, and a returned one
 * beyond the limit is really closed. A returned connection is rolled back and set back to
 * auto-commit. {@link #close()} closes the idle ones.
 */
final class ReusedConnections implements PlainDataSource, AutoCloseable {
    private final DataSource opener;
    private final int keep;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    ReusedConnections(DataSource opener, int keep) {
        this.opener = opener;
        this.keep = keep;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection;
        synchronized (this) {
            connection = idle.poll();
        }
        return lend(connection != null ? connection : opener.getConnection());
    }

    private Connection lend(Connection real) {
        boolean[] returned = {false};
        // a connection that failed once (an error, or isValid said no) may be broken: not reused
        boolean[] failed = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (!returned[0]) {
                                returned[0] = true;
                                if (failed[0]) {
                                    real.close();
                                } else {
                                    giveBack(real);
                                }
                            }
                            return null;
                        }
                        case "isClosed" -> {
                            return returned[0] || real.isClosed();
                        }
                        case "unwrap" -> {
                            return ((Class<?>) args[0]).isInstance(proxy) ? proxy : real.unwrap((Class<?>) args[0]);
                        }
                        default -> {
                            if (returned[0]) {
                                throw new SQLException("connection already closed");
                            }
                            try {
                                Object result = method.invoke(real, args);
                                if (method.getName().equals("isValid") && Boolean.FALSE.equals(result)) {
                                    failed[0] = true;
                                }
                                return result;
                            } catch (InvocationTargetException e) {
                                failed[0] |= e.getCause() instanceof SQLException;
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    private void giveBack(Connection real) throws SQLException {
        boolean kept = false;
        try {
            if (!real.isClosed()) {
                if (!real.getAutoCommit()) {
                    real.rollback();
                    real.setAutoCommit(true);
                }
                synchronized (this) {
                    if (!closed && idle.size() < keep) {
                        idle.push(real);
                        kept = true;
                    }
                }
            }
        } finally {
            if (!kept) {
                real.close();
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        for (Connection connection : idle) {
            connection.close();
        }
        idle.clear();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }
}
