package org.quicfiles.endpoints.token.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the one JSON format both the feed and the operator's import use (see
 * {@code endpoints-token/README.md}). The whole document is checked before anything is returned:
 * unknown or missing fields, wrong types, negative amounts, duplicate keys and trailing bytes are
 * all {@link InvalidStatisticsException}s with a one-line message that names the field.
 */
final class StatisticsDocument {
    /** The most history samples one document may carry (a year of hourly samples is 8,760). */
    static final int MAX_SAMPLES = 100_000;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,29})(\\.[0-9]{1,30})?");
    private static final Set<String> TOP_FIELDS =
            Set.of("maximum_supply", "sent_per_node", "staking_reward_pool", "history");
    private static final Set<String> SAMPLE_FIELDS =
            Set.of("updated", "current_value", "circulating_supply", "total_nodes");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private StatisticsDocument() {
    }

    /** Parses and checks a whole document. */
    static TokenStatistics parse(byte[] document) throws InvalidStatisticsException {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidStatisticsException("not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidStatisticsException("cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidStatisticsException("the document is empty");
        }
        checkObject(root, "the document", TOP_FIELDS);
        JsonNode history = root.get("history");
        if (!history.isArray()) {
            throw new InvalidStatisticsException("history: not a list");
        }
        if (history.size() > MAX_SAMPLES) {
            throw new InvalidStatisticsException("history: more than " + MAX_SAMPLES + " samples");
        }
        List<TokenStatistics.Sample> samples = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            samples.add(sample(history.get(i), "history[" + i + "]"));
        }
        return new TokenStatistics(amount(root, "maximum_supply", ""), amount(root, "sent_per_node", ""),
                amount(root, "staking_reward_pool", ""), samples);
    }

    private static TokenStatistics.Sample sample(JsonNode node, String path) throws InvalidStatisticsException {
        checkObject(node, path, SAMPLE_FIELDS);
        long updated = amount(node, "updated", path + ".");
        if (updated == 0) {
            throw new InvalidStatisticsException(path + ".updated: must be a unix time in seconds, not 0");
        }
        return new TokenStatistics.Sample(updated, decimal(node.get("current_value"), path + ".current_value"),
                amount(node, "circulating_supply", path + "."), amount(node, "total_nodes", path + "."));
    }

    private static void checkObject(JsonNode node, String path, Set<String> fields) throws InvalidStatisticsException {
        if (!node.isObject()) {
            throw new InvalidStatisticsException(path + ": not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidStatisticsException(prefix(path) + name + ": unknown field");
            }
        }
        for (String field : fields.stream().sorted().toList()) {
            if (!node.has(field) || node.get(field).isNull()) {
                throw new InvalidStatisticsException(prefix(path) + field + ": missing");
            }
        }
    }

    private static String prefix(String path) {
        return path.equals("the document") ? "" : path + ".";
    }

    /** A non-negative whole number that fits 63 bits. */
    private static long amount(JsonNode node, String field, String prefix) throws InvalidStatisticsException {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new InvalidStatisticsException(prefix + field + ": " + shortly(value)
                    + " is not a whole number from 0 to " + Long.MAX_VALUE);
        }
        return value.asLong();
    }

    /** A non-negative decimal given as a string (exact) or a JSON number, in plain notation. */
    private static String decimal(JsonNode value, String path) throws InvalidStatisticsException {
        String text;
        if (value.isTextual()) {
            text = value.asText();
        } else if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            text = number.signum() < 0 ? "-" : number.toPlainString();
        } else {
            text = null;
        }
        if (text == null || !PLAIN_DECIMAL.matcher(text).matches()) {
            throw new InvalidStatisticsException(path + ": " + shortly(value)
                    + " is not a plain non-negative decimal number such as \"0.0581\"");
        }
        return text;
    }

    private static String shortly(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
