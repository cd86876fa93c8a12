package org.quicfiles.load.driver;

import java.util.Locale;

/** What one step of a workload does. */
public enum Op {
    /** Upload a file of one of the workload's sizes, with unique content. */
    PUT,
    /** Download a file seeded before the run. */
    GET,
    /** Ask for a seeded file's metadata on the request stream ({@code file_info}). */
    INFO,
    /** Alternate GET and PUT. */
    MIX;

    /** Parses {@code put}, {@code get}, {@code info} or {@code mix}. */
    public static Op parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** The operation the {@code n}-th step of a worker performs. */
    Op step(long n) {
        return this == MIX ? (n % 2 == 0 ? GET : PUT) : this;
    }
}
