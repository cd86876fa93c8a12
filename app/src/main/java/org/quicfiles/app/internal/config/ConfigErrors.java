package org.quicfiles.app.internal.config;

import java.util.Map;

/**
 * Turns a provider's failure message about one of its keys into a line an operator can act on.
 * Providers see only their own section ({@code max-ttl} of plugin {@code files}), and the api's
 * typed getters name that relative key ({@code max-ttl: '10x' is not a duration}); this names the
 * full key and where it was set: {@code files.max-ttl (--max-ttl): …}.
 *
 * @param origins where each key of the merged configuration was set
 */
public record ConfigErrors(Map<String, String> origins) {
    /** Copies the map. */
    public ConfigErrors {
        origins = Map.copyOf(origins);
    }

    /**
     * Qualifies {@code message} when it starts with a key of {@code section} (relative or full)
     * that is set; otherwise returns it unchanged.
     *
     * @param section the provider's section, e.g. {@code files} or {@code transport}
     * @param message the failure's one-line message
     */
    public String qualify(String section, String message) {
        if (message == null) {
            return "";
        }
        String prefix = section + ".";
        String best = null;
        int bestLength = -1;
        for (String key : origins.keySet()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String relative = key.substring(prefix.length());
            for (String form : new String[] {key, relative}) {
                if (startsWithKey(message, form) && form.length() > bestLength) {
                    best = key;
                    bestLength = form.length();
                }
            }
        }
        if (best == null) {
            return message;
        }
        return best + " (" + origins.get(best) + ")" + message.substring(bestLength);
    }

    private static boolean startsWithKey(String message, String key) {
        return message.startsWith(key) && message.length() > key.length()
                && (message.charAt(key.length()) == ':' || message.charAt(key.length()) == ' ');
    }
}
