package org.quicfiles.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.StreamAbortedException;

class TestkitTest {
    @TempDir
    Path directory;

    @Test
    void contextIsARealWalSqliteFileWithAMovableClock() throws Exception {
        try (TestServerContext context = TestServerContext.builder(directory).set("period", "5s").build()) {
            try (Connection connection = context.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                mode.next();
                assertEquals("wal", mode.getString(1));
                statement.execute("CREATE TABLE t (v INTEGER)");
                statement.execute("INSERT INTO t VALUES (1)");
                assertEquals(new TableSnapshot(Map.of("t", java.util.List.of(java.util.List.of(1)))),
                        TableSnapshot.of(connection, "t"));
            }
            assertEquals(Duration.ofSeconds(5), context.config().getDuration("period", Duration.ZERO));
            assertEquals(MutableClock.DEFAULT_START, context.clock().instant());
            context.clock().advance(Duration.ofHours(1));
            assertEquals(MutableClock.DEFAULT_START.getEpochSecond() + 3600, context.clock().epochSecond());
            context.logger().log(System.Logger.Level.INFO, "hello {0}", "there");
            assertEquals(java.util.List.of("INFO hello there"), context.logger().lines());
            assertThrows(UnsupportedOperationException.class, context::blobStore);

            TestServerContext restarted = context.toBuilder().set("period", "6s").build();
            assertEquals(context.dataSource(), restarted.dataSource());
            assertEquals(context.clock(), restarted.clock());
            restarted.close();
            assertEquals(false, context.scheduler().isShutdown(), "a derived context leaves the scheduler running");
        }
    }

    @Test
    void connectionsAreReusedAndComeBackInAutoCommit() throws Exception {
        try (TestServerContext context = TestServerContext.builder(directory).build()) {
            Connection first = context.dataSource().getConnection();
            first.setAutoCommit(false);
            try (Statement statement = first.createStatement()) {
                statement.execute("CREATE TABLE t (v INTEGER)");
            }
            first.close();
            assertThrows(java.sql.SQLException.class, first::createStatement, "closed means closed");
            try (Connection second = context.dataSource().getConnection();
                 Statement statement = second.createStatement()) {
                assertEquals(true, second.getAutoCommit());
                assertThrows(java.sql.SQLException.class, () -> statement.executeQuery("SELECT * FROM t"),
                        "the uncommitted table was rolled back");
                try (Connection third = context.dataSource().getConnection()) {
                    assertEquals(false, third.isClosed(), "a second connection while the first is in use");
                }
            }
        }
    }

    @Test
    void exchangeServesChunksCapturesWritesAndSimulatesAborts() throws Exception {
        InMemoryExchange exchange = InMemoryExchange.withHeader(java.util.Map.of("!", "PUT"))
                .body("hello".getBytes(StandardCharsets.UTF_8), 2).resetAfterBody().stopReadingAfter(3);
        ByteBuffer buffer = ByteBuffer.allocate(1);
        assertEquals(1, exchange.read(buffer));
        buffer = ByteBuffer.allocate(10);
        assertEquals(1, exchange.read(buffer), "the rest of the first chunk");
        assertEquals(2, exchange.read(buffer));
        assertEquals(1, exchange.read(buffer));
        StreamAbortedException reset = assertThrows(StreamAbortedException.class, () -> exchange.read(ByteBuffer.allocate(1)));
        assertEquals(ErrorCode.ABANDONED.wireCode(), reset.peerCode());

        exchange.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThrows(StreamAbortedException.class, () -> exchange.write(ByteBuffer.wrap(new byte[] {4})));
        assertArrayEquals(new byte[] {1, 2, 3}, exchange.written());
        assertEquals(-1, InMemoryExchange.withHeader(java.util.Map.of()).read(ByteBuffer.allocate(1)));
    }

    @Test
    void mutationsAreDeterministicAndLeaveTheInputAlone() {
        byte[] valid = "d1:#3:abce".getBytes(StandardCharsets.US_ASCII);
        byte[] copy = valid.clone();
        for (long seed = 0; seed < 200; seed++) {
            assertArrayEquals(BodyMutations.fuzzInput(valid, new Random(seed)), BodyMutations.fuzzInput(valid, new Random(seed)));
            assertNotEquals(null, BodyMutations.mutate(valid, new Random(seed)));
        }
        assertArrayEquals(copy, valid);
    }
}
