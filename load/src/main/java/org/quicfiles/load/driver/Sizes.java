package org.quicfiles.load.driver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Byte sizes as people write them: {@code 1024}, {@code 1k}, {@code 10m} (powers of 1,000) or {@code 1ki}, {@code 1mi}. */
public final class Sizes {
    private Sizes() {
    }

    /** Parses a comma-separated list. */
    public static List<Long> parseList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Sizes::parse).toList();
    }

    /** Parses one size: digits, then optionally {@code k}, {@code m}, {@code ki} or {@code mi}. */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"ki", "1024"}, {"mi", "1048576"}, {"k", "1000"}, {"m", "1000000"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        return Math.multiplyExact(Long.parseLong(t), unit);
    }

    /** {@code 10MB}, {@code 1KB} or {@code 1500B}: the largest unit that divides the size exactly. */
    public static String format(long size) {
        if (size % 1_000_000 == 0) {
            return size / 1_000_000 + "MB";
        }
        if (size % 1000 == 0) {
            return size / 1000 + "KB";
        }
        return size + "B";
    }
}
