package org.quicfiles.endpoints.token.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsDocumentTest {
    private static TokenStatistics parse(String json) throws InvalidStatisticsException {
        return StatisticsDocument.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheReadmeExample() throws Exception {
        TokenStatistics statistics = parse("""
                {
                  "maximum_supply": 240000000,
                  "sent_per_node": 25000,
                  "staking_reward_pool": 40000000,
                  "history": [
                    {"updated": 1764028800, "current_value": "0.0581",
                     "circulating_supply": 62500000, "total_nodes": 1712},
                    {"updated": 1763942400, "current_value": 0.0575,
                     "circulating_supply": 62400000, "total_nodes": 1709}
                  ]
                }
                """);
        assertEquals(240_000_000L, statistics.maximumSupply());
        assertEquals(25_000L, statistics.sentPerNode());
        assertEquals(40_000_000L, statistics.stakingRewardPool());
        assertEquals(new TokenStatistics.Sample(1764028800L, "0.0581", 62_500_000L, 1712),
                statistics.history().get(0));
        assertEquals("0.0575", statistics.history().get(1).currentValue(), "a JSON number is kept exact");
    }

    @Test
    void anEmptyHistoryIsAllowed() throws Exception {
        assertTrue(parse(Documents.document(1)).history().isEmpty());
    }

    @Test
    void rejectsMalformedDocumentsInOneLineNamingTheField() {
        String good = Documents.sample(1764028800L, "0.05", 1, 1);
        Map<String, String> cases = Map.ofEntries(
                Map.entry("", "empty"),
                Map.entry("{", "not valid JSON"),
                Map.entry("[]", "not a JSON object"),
                Map.entry(Documents.document(1, good) + " {}", "not valid JSON"),
                Map.entry(Documents.document(1, good).replace("\"maximum_supply\":1,", ""), "maximum_supply: missing"),
                Map.entry(Documents.document(1, good).replace("\"history\"", "\"histroy\""), "histroy: unknown field"),
                Map.entry(Documents.document(-1, good), "maximum_supply: -1 is not a whole number"),
                Map.entry(Documents.document(1, good).replace("25000", "25000.5"), "sent_per_node: 25000.5"),
                Map.entry(Documents.document(1, good).replace("40000000", "\"40000000\""), "staking_reward_pool:"),
                Map.entry(Documents.document(1, good).replace("[", "{").replace("]", "}"), "not valid JSON"),
                Map.entry(Documents.document(1, good, "7"), "history[1]: not a JSON object"),
                Map.entry(Documents.document(1, good, Documents.sample(1, "abc", 1, 1)),
                        "history[1].current_value: \"abc\""),
                Map.entry(Documents.document(1, Documents.sample(1, "-0.5", 1, 1)), "history[0].current_value"),
                Map.entry(Documents.document(1, Documents.sample(1, "1e-7", 1, 1)), "history[0].current_value"),
                Map.entry(Documents.document(1, Documents.sample(0, "1", 1, 1)), "history[0].updated"),
                Map.entry(Documents.document(1, good.replace("\"total_nodes\":1", "\"total_nodes\":1,\"x\":2")),
                        "history[0].x: unknown field"),
                Map.entry(Documents.document(1, good.replace(",\"total_nodes\":1", "")), "history[0].total_nodes: missing"),
                Map.entry(Documents.document(1, good).replace("\"sent_per_node\":25000,",
                        "\"sent_per_node\":25000,\"sent_per_node\":1,"), "Duplicate field"),
                Map.entry(Documents.document(1, good).replace("\"history\":[", "\"history\":null,\"x\":["), "x"));
        cases.forEach((json, expected) -> {
            InvalidStatisticsException e = assertThrows(InvalidStatisticsException.class, () -> parse(json), json);
            assertTrue(e.getMessage().contains(expected), json + " -> " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        });
    }
}
