package org.quicfiles.endpoints.token.internal;

import java.util.List;
import java.util.Objects;

/**
 * One statistics document, validated: the supply figures and samples of the token's history.
 * Amounts are whole tokens as integers (bt has no fractions); the price is a decimal string.
 *
 * @param maximumSupply the most tokens that will ever exist
 * @param sentPerNode the tokens staked per service node
 * @param stakingRewardPool the tokens in the staking reward pool
 * @param history samples, in any order
 */
record TokenStatistics(long maximumSupply, long sentPerNode, long stakingRewardPool, List<Sample> history) {

    /** Copies the history. */
    TokenStatistics {
        history = List.copyOf(history);
    }

    /**
     * The token's state at one moment.
     *
     * @param updated when, in unix seconds
     * @param currentValue the price as a plain decimal string, e.g. {@code "0.0581"}
     * @param circulatingSupply the tokens in circulation
     * @param totalNodes the number of service nodes
     */
    record Sample(long updated, String currentValue, long circulatingSupply, long totalNodes) {
        /** Checks the fields. */
        Sample {
            Objects.requireNonNull(currentValue, "currentValue");
        }
    }
}
