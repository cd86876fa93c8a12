package org.quicfiles.app.internal.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps up to a few idle SQLite connections for reuse: opening one costs about 0.2 ms, a query on an
 * open one about 0.013 ms (see {@code docs/decisions/0403-app-database.md}). Callers get a proxy whose
 * {@code close()} rolls back what was left uncommitted, restores auto-commit and hands the real
 * connection back; every other call goes to the real connection. The number of connections in use
 * is not limited: SQLite's own locks and busy timeout order the writers.
 */
final class IdleConnections implements AutoCloseable {
    /** Opens a real connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int maxIdle;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    IdleConnections(Opener opener, int maxIdle) {
        this.opener = opener;
        this.maxIdle = maxIdle;
    }

    /** An idle connection, or a new one, wrapped so that closing it returns it here. */
    Connection borrow() throws SQLException {
        Connection real;
        synchronized (this) {
            if (closed) {
                throw new SQLException("the database is closed");
            }
            real = idle.pollFirst();
        }
        if (real == null) {
            real = opener.open();
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Borrowed(real));
    }

    private void giveBack(Connection real) throws SQLException {
        boolean keep;
        try {
            if (!real.getAutoCommit()) {
                real.rollback();
                real.setAutoCommit(true);
            }
            real.clearWarnings();
            synchronized (this) {
                keep = !closed && idle.size() < maxIdle;
                if (keep) {
                    idle.addFirst(real);
                }
            }
        } catch (SQLException e) {
            keep = false;
        }
        if (!keep) {
            real.close();
        }
    }

    /** Closes the idle connections; connections in use are closed when given back. */
    @Override
    public void close() throws SQLException {
        Deque<Connection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        for (Connection connection : toClose) {
            connection.close();
        }
    }

    /** The proxy's behaviour: close gives back, everything else is delegated. */
    private final class Borrowed implements InvocationHandler {
        private Connection real;

        Borrowed(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (real != null) {
                        Connection giving = real;
                        real = null;
                        giveBack(giving);
                    }
                    return null;
                }
                case "isClosed" -> {
                    return real == null || real.isClosed();
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "pooled " + real;
                }
                default -> {
                    if (real == null) {
                        throw new SQLException("connection is closed");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        }
    }
}
