package org.quicfiles.transport.quic.internal;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.bridge.RequestMemoryBudget;
import org.quicfiles.protocol.Frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * {@code transport.request-memory}: the server-wide budget for stream-0 command bodies. A peer that
 * floods stream 0 with large commands that never finish gets its stream 0 paused once the budget is
 * used up (not after {@code max-requests} commands), a well-behaved client on another connection is
 * still served, and everything is given back once the commands finish.
 */
class RequestMemoryBudgetTest {
    private static final long BUDGET = 1 << 20;
    private static final long STREAM_WINDOW = 512 << 10;
    private static final int BODY = 300_000;
    private static final int COMMANDS = 10;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("request-memory", Long.toString(BUDGET), "max-requests", "100",
                "max-stream-data", Long.toString(STREAM_WINDOW)));
    }

    @AfterAll
    static void stop() {
        server.close();
        assertEquals(List.of(), LeakRecorder.unexpectedLeaks(), "buffers leaked");
    }

    @Test
    void aFloodOfLargeCommandsIsHeldBackByTheServerWideBudget() throws Exception {
        RequestMemoryBudget budget = server.requestBudget();
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int id = 1; id <= COMMANDS; id++) {
            flood.writeBytes(new Frame.Command(id, "slow", TestServer.paddedBody(BODY)).encode());
        }
        try (WellBehavedClient good = new WellBehavedClient(server); RawPeer peer = RawPeer.connect(server.address())) {
            RawPeer.Stream requests = peer.open(true);
            requests.write(flood.toByteArray(), false); // not awaited: QUIC holds most of it back
            // once the flood has used the budget up, its stream stays paused: nothing gives bytes back
            AbuseLimitsTest.awaitCondition(() -> budget.exhausted() && budget.streamsWaiting() >= 1, 20);
            int started = server.slowPeak.get();
            System.out.printf("request-memory %d: %d of %d commands of %d bytes started, %d bytes held%n",
                    BUDGET, started, COMMANDS, BODY, budget.held());
            assertTrue(started < COMMANDS, "the budget paused stream 0 before all commands were read");
            assertTrue(budget.held() <= BUDGET + STREAM_WINDOW + BODY, "held " + budget.held());
            good.stopAndReport("a stream-0 flood held back by request-memory");

            server.slowGate.countDown();
            assertTrue(server.slowStarted.tryAcquire(COMMANDS, 20, TimeUnit.SECONDS), "every command ran in the end");
            AbuseLimitsTest.awaitCondition(() -> budget.held() == 0 && budget.streamsWaiting() == 0, 20);
        }
    }
}
