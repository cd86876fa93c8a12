package org.quicfiles.app.internal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceNotifierTest {
    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() {
        ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"));
        assertFalse(notifier.active());
        notifier.ready("0.0.0.0:11235", () -> "0 connections");
        notifier.stopping();
    }

    @Test
    void aPathAndAnAbstractNameAreAcceptedAnythingElseIsRefused() {
        assertTrue(ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify")).active());
        assertTrue(ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@abstract")).active());
        assertThrows(IllegalArgumentException.class,
                () -> ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative/path")));
        assertThrows(IllegalArgumentException.class,
                () -> ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/" + "x".repeat(107))));
    }

    @Test
    void uptimeReadsLikeAClock() {
        assertEquals("5s", ServiceNotifier.uptime(Duration.ofSeconds(5)));
        assertEquals("1m05s", ServiceNotifier.uptime(Duration.ofSeconds(65)));
        assertEquals("2h05m10s", ServiceNotifier.uptime(Duration.ofSeconds(2 * 3600 + 5 * 60 + 10)));
        assertEquals("3d0h00m00s", ServiceNotifier.uptime(Duration.ofDays(3)));
    }
}
