package org.quicfiles.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Parsing of the option values the commands share: durations, loopback addresses, word lists. */
final class Arguments {
    private Arguments() {
    }

    /** Parses {@code 30s}, {@code 2m}, {@code 500ms} or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long value = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(value);
            case 'm' -> Duration.ofMinutes(value);
            case 'h' -> Duration.ofHours(value);
            default -> Duration.ofSeconds(Long.parseLong(t));
        };
    }

    /** Parses {@code 127.0.0.1:PORT} or {@code localhost:PORT}; any other host is refused. */
    static InetSocketAddress loopback(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("HOST:PORT expected: " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + hostPort);
        }
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The whitespace-separated words of {@code text} (none for blank text), e.g. {@code --serve-args}. */
    static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }
}
