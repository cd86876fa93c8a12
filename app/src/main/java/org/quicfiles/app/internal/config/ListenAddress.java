package org.quicfiles.app.internal.config;

/**
 * A {@code HOST:PORT} listen address; IPv6 hosts in brackets ({@code [::1]:11235}).
 *
 * @param host the host or address, without brackets
 * @param port the port, 0 to 65535 (0 picks a free port)
 */
public record ListenAddress(String host, int port) {
    /**
     * Parses {@code HOST:PORT}.
     *
     * @throws ConfigException if it is not of that form
     */
    public static ListenAddress parse(String text) throws ConfigException {
        return parse("--listen", text);
    }

    /**
     * Parses {@code HOST:PORT} given to {@code option}.
     *
     * @throws ConfigException if it is not of that form
     */
    public static ListenAddress parse(String option, String text) throws ConfigException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException(option + ": '" + text + "' is not HOST:PORT (e.g. 0.0.0.0:11235)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ConfigException(option + ": write an IPv6 address in brackets, e.g. [::1]:11235");
        }
        return new ListenAddress(host, ConfigCheck.port(option, text.substring(colon + 1)));
    }
}
