package org.quicfiles.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.quicfiles.api.Config;
import org.quicfiles.api.FileInfo;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ListenAddress;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What the client subcommands share: which server, how to trust it, and the output format. */
public final class ClientOptionsMixin {
    /** Created on first use: picocli instantiates this mixin for every command, serve included. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Option(names = "--server", paramLabel = "HOST:PORT", required = true, description = "The server to talk to.")
    String server;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Trust trust;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the server (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--json", description = "Prints the result as one JSON object, for scripts.")
    boolean json;

    /** Either a pinned key or an explicit opt-out. */
    static final class Trust {
        @Option(names = "--server-key", paramLabel = "HEX", required = true,
                description = "The server's Ed25519 public key (64 hex digits, as its ready line prints it).")
        String serverKey;

        @Option(names = "--insecure", required = true, description = "Does not check the server's identity.")
        boolean insecure;
    }

    /**
     * Connects to the server.
     *
     * @throws ConfigException if an option is malformed
     * @throws IOException if the connection fails
     */
    QuicFilesClient connect() throws ConfigException, IOException {
        ListenAddress address = ListenAddress.parse("--server", server);
        InetSocketAddress where = new InetSocketAddress(address.host(), address.port());
        Duration wait = duration("--timeout", timeout);
        if (trust.serverKey == null) {
            return QuicFilesClient.connect(ClientOptions.unpinned(where, wait));
        }
        ServerKey key;
        try {
            key = ServerKey.fromHex(trust.serverKey);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--server-key: expected 64 hex digits (a 32-byte Ed25519 public key)");
        }
        return QuicFilesClient.connect(ClientOptions.pinned(where, key, wait));
    }

    /** Parses a duration such as {@code 30s} or {@code 14d}. */
    static Duration duration(String option, String text) throws ConfigException {
        try {
            Duration value = new Config(Map.of("value", text)).getDuration("value", Duration.ZERO);
            if (value.isNegative() || value.isZero()) {
                throw new ConfigException(option + ": '" + text + "' must be positive");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": '" + text + "' is not a duration (e.g. 30s, 10m, 14d)");
        }
    }

    /** Prints what the server answered, as text lines or one JSON object. */
    void print(PrintWriter out, FileInfo info, boolean withSize) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", info.id());
        if (withSize) {
            fields.put("size", info.size());
        }
        fields.put("uploaded", info.uploaded());
        fields.put("expires", info.expiry());
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(fields));
        } else {
            out.println("id       " + info.id());
            if (withSize) {
                out.println("size     " + info.size());
            }
            out.println("uploaded " + Instant.ofEpochSecond(info.uploaded()) + " (" + info.uploaded() + ")");
            out.println("expires  " + Instant.ofEpochSecond(info.expiry()) + " (" + info.expiry() + ")");
        }
        out.flush();
    }
}
