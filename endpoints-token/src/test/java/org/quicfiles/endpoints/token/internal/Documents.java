package org.quicfiles.endpoints.token.internal;

import java.util.ArrayList;
import java.util.List;

/** Statistics documents for tests, in the format of README.md. */
final class Documents {
    /** 2026-01-01T00:00:00Z, where {@link org.quicfiles.testkit.MutableClock#DEFAULT_START} puts the test clock. */
    static final long NOW = 1_767_225_600L;

    private Documents() {
    }

    /** A sample as JSON. */
    static String sample(long updated, String value, long circulating, long nodes) {
        return "{\"updated\":" + updated + ",\"current_value\":\"" + value + "\",\"circulating_supply\":"
                + circulating + ",\"total_nodes\":" + nodes + "}";
    }

    /** A document with the given samples. */
    static String document(long maximumSupply, String... samples) {
        return "{\"maximum_supply\":" + maximumSupply + ",\"sent_per_node\":25000,"
                + "\"staking_reward_pool\":40000000,\"history\":[" + String.join(",", samples) + "]}";
    }

    /** A document with one sample per day for {@code days} days, the newest an hour before {@link #NOW}. */
    static String daily(long maximumSupply, int days) {
        return daily(maximumSupply, days, NOW);
    }

    /** A document with one sample per day for {@code days} days, the newest an hour before {@code now}. */
    static String daily(long maximumSupply, int days, long now) {
        List<String> samples = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            long updated = now - 3600 - day * TokenStore.DAY;
            samples.add(sample(updated, "0.0" + (500 + day), 60_000_000L + day, 1700 + day));
        }
        return document(maximumSupply, samples.toArray(String[]::new));
    }
}
