package org.quicfiles.app.internal.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration keys something reads: the server's own ({@link ConfigKeys#SERVER_KEYS}) and
 * those the providers found declare ({@code configKeys()}, relative to their section). A key that
 * is set but known to nobody is an operator's mistake (a misspelt key, or a section whose plugin is
 * not installed) and stops the server with one line naming the key, where it was set, and the
 * nearest known key.
 */
public final class KnownKeys {
    private final Map<String, String> owners = new TreeMap<>();
    private final Set<String> keys = new TreeSet<>();

    /** Known keys holding the server's own. */
    public KnownKeys() {
        ConfigKeys.SERVER_KEYS.forEach(key -> add(key, "the server"));
    }

    /**
     * Adds the keys a provider declares.
     *
     * @param section the section the keys are relative to ({@code transport}, {@code storage}, or a
     *        plugin's name)
     * @param relativeKeys the provider's {@code configKeys()}
     * @param owner the provider, for messages (e.g. {@code transport quic})
     * @return this
     */
    public KnownKeys addAll(String section, Collection<String> relativeKeys, String owner) {
        owners.putIfAbsent(section, owner);
        relativeKeys.forEach(key -> add(section + "." + key, owner));
        return this;
    }

    private void add(String key, String owner) {
        keys.add(key);
        owners.putIfAbsent(sectionOf(key), owner);
    }

    /** Every known key, sorted. */
    public Set<String> keys() {
        return Set.copyOf(keys);
    }

    /**
     * Checks that every key set is known.
     *
     * @param set the keys set (merged from every source)
     * @param origins where each key was set; a key without one is named {@code configuration}
     * @throws ConfigException naming the first unknown key (in key order), its origin and the
     *         nearest known key
     */
    public void check(Collection<String> set, Map<String, String> origins) throws ConfigException {
        for (String key : new TreeSet<>(set)) {
            Optional<String> problem = problem(key, origins.getOrDefault(key, "configuration"));
            if (problem.isPresent()) {
                throw new ConfigException(problem.get());
            }
        }
    }

    /** Why {@code key} (set at {@code origin}) is not known, or empty when it is. */
    Optional<String> problem(String key, String origin) {
        if (keys.contains(key)) {
            return Optional.empty();
        }
        String section = sectionOf(key);
        StringBuilder line = new StringBuilder("unknown configuration key ").append(key).append(" (").append(origin)
                .append(")");
        if (!owners.containsKey(section)) {
            line.append(": nothing reads section '").append(section).append("' (no plugin of that name is loaded)");
        }
        nearest(key).ifPresent(nearest -> {
            line.append("; did you mean ").append(nearest);
            if (origin.startsWith("environment variable ")) {
                line.append(" (").append(EnvironmentConfig.variableOf(nearest)).append(")");
            }
            line.append("?");
        });
        return Optional.of(line.toString());
    }

    /** The known key nearest to {@code key} in edit distance, if one is near enough to be a slip. */
    Optional<String> nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : keys) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, key.length() / 5);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
     * neighbouring characters each cost one.
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String sectionOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
