package org.quicfiles.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void durationsTakeTheUnitsTheReadmeUses() {
        assertEquals(Duration.ofSeconds(20), Arguments.duration("20s"));
        assertEquals(Duration.ofMillis(500), Arguments.duration("500ms"));
        assertEquals(Duration.ofMinutes(5), Arguments.duration("5m"));
        assertEquals(Duration.ofHours(1), Arguments.duration(" 1H "));
        assertEquals(Duration.ofMinutes(1), Arguments.duration("PT1M"));
        assertEquals(Duration.ofSeconds(90), Arguments.duration("pt90s"));
        assertEquals(Duration.ofSeconds(45), Arguments.duration("45"), "no unit: seconds");
        assertEquals(Duration.ZERO, Arguments.duration("0s"));
        assertThrows(NumberFormatException.class, () -> Arguments.duration("2d"));
    }

    @Test
    void aServerAddressMustBeLoopback() {
        assertEquals(new InetSocketAddress("127.0.0.1", 11235), Arguments.loopback("127.0.0.1:11235"));
        assertEquals(new InetSocketAddress("127.0.0.1", 443), Arguments.loopback("localhost:443"));
        assertThrows(IllegalArgumentException.class, () -> Arguments.loopback("10.0.0.1:11235"));
        assertThrows(IllegalArgumentException.class, () -> Arguments.loopback("127.0.0.1"));
        assertThrows(NumberFormatException.class, () -> Arguments.loopback("127.0.0.1:port"));
    }

    @Test
    void serveArgsSplitIntoWords() {
        assertEquals(List.of("--transport", "ngtcp2", "--memory", "128M"), Arguments.words("  --transport ngtcp2\t--memory 128M "));
        assertEquals(List.of(), Arguments.words(""));
        assertEquals(List.of(), Arguments.words("   "));
    }
}
