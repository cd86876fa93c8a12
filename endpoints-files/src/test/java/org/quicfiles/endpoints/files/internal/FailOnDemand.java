package org.quicfiles.endpoints.files.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.mockito.MockMakers;
import org.mockito.stubbing.Answer;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;

/**
 * Real parts that fail at one chosen call, for the failures a real store or database cannot be
 * made to produce on demand (a disk that fills at the third chunk, a commit that fails after the
 * statement succeeded). Made with Mockito (decision 0021): every other call goes to the real part
 * through its interface, so the files and rows the test inspects are real.
 */
final class FailOnDemand {
    private FailOnDemand() {
    }

    /**
     * A view of {@code real} whose writers fail at the {@code failing}-th write counted across all
     * of them, with a {@link StorageException.Kind#NO_SPACE} as a full disk gives.
     */
    static BlobStore writesFailingAt(BlobStore real, int failing, AtomicInteger writes) {
        BlobStore store = forwarding(BlobStore.class, real);
        try {
            doAnswer(create -> failingWriter(real.create(), failing, writes)).when(store).create();
        } catch (java.io.IOException e) {
            throw new AssertionError(e); // stubbing calls nothing
        }
        return store;
    }

    private static BlobWriter failingWriter(BlobWriter real, int failing, AtomicInteger writes) throws Exception {
        BlobWriter writer = forwarding(BlobWriter.class, real);
        doAnswer(write -> {
            if (writes.incrementAndGet() == failing) {
                throw new StorageException(StorageException.Kind.NO_SPACE, "no space left on device (test)", null);
            }
            return real.write(write.getArgument(0, ByteBuffer.class));
        }).when(writer).write(any(ByteBuffer.class));
        return writer;
    }

    /**
     * A view of {@code real} whose connections cannot commit a write while {@code failCommits} is
     * set: {@code commit()} throws, and so does an {@code INSERT} run in auto-commit mode (its
     * implicit commit: the files table writes a row with one statement, note 0427).
     */
    static DataSource commitsFailingWhile(DataSource real, AtomicBoolean failCommits) throws SQLException {
        DataSource dataSource = forwarding(DataSource.class, real);
        doAnswer(get -> failingCommits(real.getConnection(), failCommits)).when(dataSource).getConnection();
        return dataSource;
    }

    private static Connection failingCommits(Connection real, AtomicBoolean failCommits) throws SQLException {
        Connection connection = forwarding(Connection.class, real);
        doAnswer(commit -> {
            if (failCommits.get()) {
                throw new SQLException("commit failed (test)", "08006");
            }
            real.commit();
            return null;
        }).when(connection).commit();
        doAnswer(prepare -> {
            String sql = prepare.getArgument(0, String.class);
            PreparedStatement statement = real.prepareStatement(sql);
            return sql.startsWith("INSERT") ? failingWrites(statement, failCommits) : statement;
        }).when(connection).prepareStatement(anyString());
        return connection;
    }

    private static PreparedStatement failingWrites(PreparedStatement real, AtomicBoolean failCommits)
            throws SQLException {
        PreparedStatement statement = forwarding(PreparedStatement.class, real);
        Answer<Object> write = call -> {
            if (failCommits.get()) {
                throw new SQLException("commit failed (test)", "08006");
            }
            return call.getMethod().invoke(real, call.getArguments());
        };
        doAnswer(write).when(statement).executeQuery();
        doAnswer(write).when(statement).executeUpdate();
        doAnswer(write).when(statement).execute();
        return statement;
    }

    /**
     * A mock of interface {@code type} that forwards every call to {@code real}. It invokes the
     * interface's own method, so an implementation in a package its module does not open (the nio
     * store in its layer) is reached without reflection into it; the subclass mock maker needs no
     * agent attached to the JVM.
     */
    private static <T> T forwarding(Class<T> type, T real) {
        Answer<Object> forward = call -> {
            try {
                return call.getMethod().invoke(real, call.getArguments());
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return mock(type, withSettings().mockMaker(MockMakers.SUBCLASS).defaultAnswer(forward));
    }
}
