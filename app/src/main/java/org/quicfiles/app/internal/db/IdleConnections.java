package org.quicfiles.app.internal.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Keeps up to a few idle SQLite connections for reuse: opening one costs about 0.2 ms, a query on an
 * open one about 0.013 ms (see {@code docs/decisions/0403-app-database.md}). Callers get a proxy whose
 * {@code close()} rolls back what was left uncommitted, restores auto-commit and hands the real
 * connection back; every other call goes to the real connection. The number of connections in use
 * is not limited: SQLite's own locks and busy timeout order the writers.
 *
 * <p>Each kept connection also keeps its last {@value #STATEMENTS_PER_CONNECTION} prepared
 * statements by SQL text: {@code prepareStatement(sql)} hands out a kept one when it is free, and its
 * {@code close()} closes its result set, clears its parameters and keeps it. SQLite compiles a
 * statement on every prepare (about 20 µs of a 30 µs point query, decision note 0306); a kept one is
 * only reset and bound again.
 */
final class IdleConnections implements AutoCloseable {
    /** Prepared statements kept per connection, least recently used dropped first. */
    static final int STATEMENTS_PER_CONNECTION = 16;

    /** Opens a real connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int maxIdle;
    private final Deque<Kept> idle = new ArrayDeque<>();
    private boolean closed;

    IdleConnections(Opener opener, int maxIdle) {
        this.opener = opener;
        this.maxIdle = maxIdle;
    }

    /** An idle connection, or a new one, wrapped so that closing it returns it here. */
    Connection borrow() throws SQLException {
        Kept kept;
        synchronized (this) {
            if (closed) {
                throw new SQLException("the database is closed");
            }
            kept = idle.pollFirst();
        }
        if (kept == null) {
            kept = new Kept(opener.open());
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Borrowed(kept));
    }

    private void giveBack(Kept kept) throws SQLException {
        boolean keep;
        try {
            kept.releaseStatements();
            Connection real = kept.real;
            if (!real.getAutoCommit()) {
                real.rollback();
                real.setAutoCommit(true);
            }
            real.clearWarnings();
            synchronized (this) {
                keep = !closed && idle.size() < maxIdle;
                if (keep) {
                    idle.addFirst(kept);
                }
            }
        } catch (SQLException e) {
            keep = false;
        }
        if (!keep) {
            kept.close();
        }
    }

    /** Closes the idle connections; connections in use are closed when given back. */
    @Override
    public void close() throws SQLException {
        Deque<Kept> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        for (Kept kept : toClose) {
            kept.close();
        }
    }

    /** A real connection and the statements kept on it; used by one borrower at a time. */
    private static final class Kept {
        final Connection real;
        /** By SQL text, in access order: the eldest is closed when there are too many. */
        private final LinkedHashMap<String, KeptStatement> statements = new LinkedHashMap<>(16, 0.75f, true);

        Kept(Connection real) {
            this.real = real;
        }

        /** A kept statement for {@code sql} if it is free, else a newly prepared one (kept if there is room). */
        PreparedStatement prepare(String sql) throws SQLException {
            KeptStatement kept = statements.get(sql);
            if (kept != null && !kept.inUse()) {
                return kept.lease();
            }
            PreparedStatement statement = real.prepareStatement(sql);
            if (kept != null) {
                // the same text twice at once on one connection: the second is not kept
                return statement;
            }
            KeptStatement fresh = new KeptStatement(statement);
            statements.put(sql, fresh);
            Iterator<KeptStatement> eldest = statements.values().iterator();
            while (statements.size() > STATEMENTS_PER_CONNECTION && eldest.hasNext()) {
                KeptStatement candidate = eldest.next();
                if (!candidate.inUse()) {
                    eldest.remove();
                    candidate.closeQuietly();
                }
            }
            return fresh.lease();
        }

        /** Statements the borrower left open are put back as if closed; one that cannot be is dropped. */
        void releaseStatements() {
            Iterator<KeptStatement> all = statements.values().iterator();
            while (all.hasNext()) {
                KeptStatement statement = all.next();
                if (statement.inUse() && !statement.release()) {
                    all.remove();
                }
            }
        }

        void close() throws SQLException {
            for (KeptStatement statement : statements.values()) {
                statement.closeQuietly();
            }
            statements.clear();
            real.close();
        }
    }

    /**
     * A prepared statement that outlives its borrower's {@code close()}. Each borrower gets a lease
     * of its own, so a handle kept after its close can never reach the next borrower's use.
     */
    private static final class KeptStatement {
        private final PreparedStatement real;
        private boolean inUse;
        /** Which lease may use it now. */
        private int lease;
        /** Cleared by a call that leaves state behind which release does not undo (see {@link #undoable}). */
        private boolean reusable = true;
        /** The last result set handed out, closed when the statement is given back. */
        private ResultSet results;

        KeptStatement(PreparedStatement real) {
            this.real = real;
        }

        boolean inUse() {
            return inUse;
        }

        /** A new lease on this statement. */
        PreparedStatement lease() {
            inUse = true;
            int current = ++lease;
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new Lease(this, current));
        }

        /**
         * Back to free: its result set closed (which resets the statement and ends its read
         * transaction) and its parameters cleared.
         *
         * @return false if that failed or cannot be trusted, and the statement was closed instead
         */
        boolean release() {
            lease++;
            if (!reusable) {
                closeQuietly();
                return false;
            }
            try {
                if (results != null) {
                    results.close();
                    results = null;
                }
                real.clearParameters();
                real.clearWarnings();
                inUse = false;
                return true;
            } catch (SQLException e) {
                closeQuietly();
                return false;
            }
        }

        void closeQuietly() {
            inUse = true; // never leased again
            lease++;
            try {
                real.close();
            } catch (SQLException e) {
                // closing the connection frees it anyway
            }
        }

        /**
         * Whether what {@code method} leaves behind is undone by {@link #release}: parameters, a
         * result set, warnings. Statement settings ({@code setMaxRows}, {@code setQueryTimeout} …),
         * batches and {@code execute()} (whose result set may never be asked for) are not, so a
         * statement that saw them is closed instead of kept.
         */
        private static boolean undoable(Method method, Object[] args) {
            String name = method.getName();
            if (name.startsWith("set")) {
                return method.getDeclaringClass() == PreparedStatement.class;
            }
            return switch (name) {
                case "executeQuery", "executeUpdate", "executeLargeUpdate" -> args == null || args.length == 0;
                case "clearParameters", "getMetaData", "getParameterMetaData", "getWarnings", "clearWarnings",
                        "getUpdateCount", "getLargeUpdateCount", "getConnection", "unwrap", "isWrapperFor" -> true;
                default -> false;
            };
        }

        Object call(int caller, Method method, Object[] args) throws Throwable {
            if (caller != lease || !inUse) {
                throw new SQLException("statement is closed");
            }
            if (!undoable(method, args)) {
                reusable = false;
            }
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof ResultSet rows) {
                results = rows;
            }
            return result;
        }

        void close(int caller) {
            if (caller == lease && inUse) {
                release();
            }
        }

        boolean isClosed(int caller) throws SQLException {
            return caller != lease || !inUse || real.isClosed();
        }
    }

    /** One borrower's handle on a kept statement. */
    private record Lease(KeptStatement statement, int lease) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "close" -> {
                    statement.close(lease);
                    yield null;
                }
                case "isClosed" -> statement.isClosed(lease);
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "kept " + statement.real;
                default -> statement.call(lease, method, args);
            };
        }
    }

    /** The proxy's behaviour: close gives back, everything else is delegated. */
    private final class Borrowed implements InvocationHandler {
        private Kept kept;
        private Connection real;

        Borrowed(Kept kept) {
            this.kept = kept;
            this.real = kept.real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (real != null) {
                        Kept giving = kept;
                        real = null;
                        kept = null;
                        giveBack(giving);
                    }
                    return null;
                }
                case "prepareStatement" -> {
                    if (real == null) {
                        throw new SQLException("connection is closed");
                    }
                    if (args.length == 1) {
                        return kept.prepare((String) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
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
