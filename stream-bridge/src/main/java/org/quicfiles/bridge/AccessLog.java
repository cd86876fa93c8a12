package org.quicfiles.bridge;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicfiles.api.ErrorCode;

/**
 * The access log: one INFO line per file stream and per stream-0 command on the logger
 * {@value #LOGGER_NAME}, the same on every transport, so that operators can route or silence it:
 *
 * <pre>client=127.0.0.1:40312 conn=7f3a9c01 stream=4 cmd=GET id=QGCh…8I in=0 out=43 ms=1.204 result=ok</pre>
 *
 * <p>{@code conn} is the transport's label for the connection, {@code in}/{@code out} count the
 * body bytes the command read and wrote (stream 0: the command's and the reply's bodies), {@code ms}
 * runs from the command's start to its end, {@code result} is {@code ok} or the protocol's code
 * (the reset code of a file stream, the error reply's code on stream 0, 405 for an unknown command
 * or endpoint). Only ids and names are logged, never contents; names from the peer are cut to
 * {@value #MAX_TOKEN} characters of {@code [A-Za-z0-9._-]}, others written as {@code ?}.
 */
public final class AccessLog {
    /** The logger's name. */
    public static final String LOGGER_NAME = "quicfiles.access";
    /** The result of a command that succeeded. */
    public static final int OK = 0;
    /** Longest name or id written. */
    static final int MAX_TOKEN = 64;
    /** How much of a PUT's reply is kept to find the id it gave out. */
    private static final int HEAD_BYTES = 80;
    /** How much of a stream-0 body is searched for a file id. */
    private static final int BODY_SCAN = 256;
    private static final Pattern JSON_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]{1,64})\"");

    private final System.Logger logger;

    /** The access log on {@value #LOGGER_NAME}. */
    public AccessLog() {
        this(System.getLogger(LOGGER_NAME));
    }

    /** The access log on {@code logger} (tests). */
    public AccessLog(System.Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** Whether lines are written at all: when not, callers may skip gathering them. */
    public boolean enabled() {
        return logger.isLoggable(System.Logger.Level.INFO);
    }

    /** Writes {@code entry}, if the logger is enabled. */
    public void log(Entry entry) {
        if (enabled()) {
            logger.log(System.Logger.Level.INFO, entry.format());
        }
    }

    /**
     * One operation.
     *
     * @param client the peer's address
     * @param connection the transport's label for the connection
     * @param stream the stream id (0 for a stream-0 command)
     * @param command the command (file stream) or endpoint (stream 0) as the peer named it; null if none
     * @param fileId the file id the operation is about, or null
     * @param bytesIn body bytes received
     * @param bytesOut body bytes sent
     * @param nanos how long it took
     * @param result {@link #OK} or the protocol's code
     */
    public record Entry(InetSocketAddress client, String connection, long stream, String command, String fileId,
                        long bytesIn, long bytesOut, long nanos, int result) {
        /** The line, fields in a fixed order, {@code -} for what is unknown. */
        public String format() {
            StringBuilder line = new StringBuilder(160);
            line.append("client=").append(address(client));
            line.append(" conn=").append(token(connection));
            line.append(" stream=").append(stream);
            line.append(" cmd=").append(token(command));
            line.append(" id=").append(token(fileId));
            line.append(" in=").append(bytesIn);
            line.append(" out=").append(bytesOut);
            line.append(" ms=");
            appendMillis(line, nanos);
            line.append(" result=").append(result == OK ? "ok" : Integer.toString(result));
            return line.toString();
        }
    }

    /** {@code nanos} as milliseconds with three decimals, rounded half up ({@code String.format}'s "%.3f" without its cost per line). */
    static void appendMillis(StringBuilder line, long nanos) {
        long micros = (Math.max(0, nanos) + 500) / 1000;
        long fraction = micros % 1000;
        line.append(micros / 1000).append('.');
        if (fraction < 100) {
            line.append(fraction < 10 ? "00" : "0");
        }
        line.append(fraction);
    }

    /**
     * What one file stream's command did, counted by its exchange on the command's thread (not
     * thread-safe, like the exchange).
     */
    public static final class Transfer {
        private final long started = System.nanoTime();
        private final org.quicfiles.api.endpoint.Request header;
        private final byte[] head = new byte[HEAD_BYTES];
        private int headLength;
        private long in;
        private long out;

        /** @param header the stream's command block */
        public Transfer(org.quicfiles.api.endpoint.Request header) {
            this.header = Objects.requireNonNull(header, "header");
        }

        /** The command read {@code bytes} (a negative count, the end of input, is ignored). */
        public void read(int bytes) {
            if (bytes > 0) {
                in += bytes;
            }
        }

        /** The command writes {@code src}'s remaining bytes (call before they are consumed). */
        public void write(ByteBuffer src) {
            int keep = Math.min(src.remaining(), HEAD_BYTES - headLength);
            if (keep > 0) {
                src.get(src.position(), head, headLength, keep);
                headLength += keep;
            }
            out += src.remaining();
        }

        /** Body bytes read so far. */
        public long bytesIn() {
            return in;
        }

        /** Body bytes written so far. */
        public long bytesOut() {
            return out;
        }

        /** The header's {@code #} (GET), else the {@code #} of a reply that is a bare bt dictionary (PUT). */
        public String fileId() {
            return headerString("#").orElseGet(() -> replyId(head, headLength));
        }

        private java.util.Optional<String> headerString(String key) {
            try {
                return header.string(key);
            } catch (RuntimeException notAString) {
                return java.util.Optional.empty();
            }
        }

        /** The entry for this stream once it ended with {@code result}. */
        public Entry entry(InetSocketAddress client, String connection, long stream, int result) {
            return new Entry(client, connection, stream, headerString("!").orElse(null), fileId(), in, out,
                    System.nanoTime() - started, result);
        }
    }

    /** {@code d1:#<n>:<id>…} at the start of a reply: the id a PUT gave out; null otherwise. */
    static String replyId(byte[] reply, int length) {
        String text = new String(reply, 0, length, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("d1:#")) {
            return null;
        }
        int colon = text.indexOf(':', 4);
        if (colon < 0) {
            return null;
        }
        try {
            int size = Integer.parseInt(text.substring(4, colon));
            return colon + 1 + size <= text.length() ? text.substring(colon + 1, colon + 1 + size) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The file id a stream-0 command's body names: bt {@code d1:#…} or JSON {@code "id":"…"}
     * within its first {@value #BODY_SCAN} bytes; null when it names none.
     */
    public static String requestFileId(byte[] body) {
        int length = Math.min(body.length, BODY_SCAN);
        if (length > 0 && body[0] == 'd') {
            return replyId(body, length);
        }
        Matcher id = JSON_ID.matcher(new String(body, 0, length, StandardCharsets.ISO_8859_1));
        return id.find() ? id.group(1) : null;
    }

    /**
     * The result of a stream-0 answer: {@link #OK} for a reply; for an error reply the code its
     * body names (bt: the name, JSON: {@code {"error":"NAME"}}), 405 for {@code Invalid endpoint '…'}.
     */
    public static int requestResult(boolean error, byte[] replyBody) {
        if (!error) {
            return OK;
        }
        String text = new String(replyBody, StandardCharsets.ISO_8859_1);
        if (text.startsWith("Invalid endpoint")) {
            return ErrorCode.UNKNOWN_COMMAND.wireCode();
        }
        String name = text.startsWith("{") ? text.replaceAll("^\\{\"error\":\"([A-Z_]+)\"}$", "$1") : text;
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(name)) {
                return code.wireCode();
            }
        }
        return ErrorCode.INTERNAL_ERROR.wireCode();
    }

    private static String address(InetSocketAddress address) {
        if (address == null) {
            return "-";
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** A name or id from the peer, safe on one line and in any log format. */
    static String token(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        int length = Math.min(value.length(), MAX_TOKEN);
        StringBuilder safe = new StringBuilder(length);
        for (int index = 0; index < length; index++) {
            char c = value.charAt(index);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            safe.append(plain ? c : '?');
        }
        return safe.toString();
    }
}
