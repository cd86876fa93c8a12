package org.quicfiles.app.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void onlyTerminalDevicesCountAsTerminals() {
        assertTrue(ProgressBar.isTerminalDevice("/dev/pts/3"));
        assertTrue(ProgressBar.isTerminalDevice("/dev/tty1"));
        assertTrue(ProgressBar.isTerminalDevice("/dev/tty"));
        assertFalse(ProgressBar.isTerminalDevice("pipe:[123456]"));
        assertFalse(ProgressBar.isTerminalDevice("/tmp/put.log"));
        assertFalse(ProgressBar.isTerminalDevice("/dev/null"));
        assertFalse(ProgressBar.isTerminalDevice("socket:[99]"));
    }

    @Test
    void theTestsStderrIsNotATerminalSoNothingIsDrawn() {
        // surefire's forked JVM writes stderr to a pipe or a file
        assertFalse(ProgressBar.stderrIsTerminal());
        StringWriter drawn = new StringWriter();
        ProgressBar.forTerminal(new PrintWriter(drawn), "put", 100).accept(50);
        assertEquals("", drawn.toString());
    }
}
