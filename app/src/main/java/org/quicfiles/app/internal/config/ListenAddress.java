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
        return new ListenAddress(host, port(option, text.substring(colon + 1)));
    }

    /**
     * Writes {@code host} and {@code port} so that {@link #parse} reads them back: IPv6 addresses
     * in brackets, and the any-address as {@code 0.0.0.0} or {@code [::]}.
     */
    public static String format(java.net.InetAddress host, int port) {
        if (host instanceof java.net.Inet6Address) {
            String text = host.isAnyLocalAddress() ? "::" : host.getHostAddress();
            int zone = text.indexOf('%');
            return "[" + (zone < 0 ? text : text.substring(0, zone)) + "]:" + port;
        }
        return host.getHostAddress() + ":" + port;
    }

    /**
     * Parses a port number.
     *
     * @throws ConfigException if it is not 0 to 65535
     */
    static int port(String where, String text) throws ConfigException {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(where + ": '" + text + "' is not a port (0 to 65535)");
    }
}
