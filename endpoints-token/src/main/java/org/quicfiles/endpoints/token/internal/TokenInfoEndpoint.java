package org.quicfiles.endpoints.token.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * {@code token_info}: the token's supply figures and recent history, answered from the database.
 *
 * <p>Body: optional {@code days}, 1 to 30, 7 by default. Reply: {@code maximum_supply},
 * {@code sent_per_node}, {@code staking_reward_pool} and {@code history}, newest first, of
 * {@code {current_value, circulating_supply, total_nodes, updated}}.
 */
final class TokenInfoEndpoint implements RequestEndpoint {
    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 30;

    private final TokenStore store;
    private final Clock clock;

    TokenInfoEndpoint(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Map<String, ?> handle(Request request) throws Exception {
        long days = request.integer("days").orElse(DEFAULT_DAYS);
        if (days < 1 || days > MAX_DAYS) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "days must be 1 to " + MAX_DAYS);
        }
        TokenStore.Answer answer = store.answer((int) days, clock.instant().getEpochSecond())
                .orElseThrow(() -> new QuicFilesException(ErrorCode.UNAVAILABLE, "no token statistics loaded yet"));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("maximum_supply", answer.maximumSupply());
        reply.put("sent_per_node", answer.sentPerNode());
        reply.put("staking_reward_pool", answer.stakingRewardPool());
        List<Map<String, Object>> history = answer.history().stream().map(TokenInfoEndpoint::sample).toList();
        reply.put("history", history);
        return reply;
    }

    private static Map<String, Object> sample(TokenStatistics.Sample sample) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("current_value", sample.currentValue());
        fields.put("circulating_supply", sample.circulatingSupply());
        fields.put("total_nodes", sample.totalNodes());
        fields.put("updated", sample.updated());
        return fields;
    }
}
