package org.quicfiles.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.load.driver.Driver;
import org.quicfiles.load.driver.Op;
import org.quicfiles.load.driver.Result;
import org.quicfiles.load.driver.Workload;
import org.quicfiles.load.targets.Target;
import org.quicfiles.load.targets.Targets;

/** {@code run --idle N}: N connections held beside the measured ones, which run as before. */
class QuietConnectionsTest {
    @TempDir
    Path work;

    @Test
    void quietConnectionsStayOpenBesideTheMeasuredOnes() throws Exception {
        Workload workload = new Workload(1, 2, Op.INFO, List.of(1000L), Duration.ofMinutes(2), 20, 1, false);
        try (Target bare = Targets.inProcessBare(work); QuietConnections quiet = QuietConnections.open(bare, 3)) {
            assertEquals(3, quiet.count());
            Result result = new Driver(bare, workload, null).run();
            assertEquals(Map.of(), result.errors());
            assertEquals(20, result.ops());
        }
    }
}
