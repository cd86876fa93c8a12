package org.quicfiles.app.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration file: one {@code key = value} per line, dotted keys, {@code #} comments and
 * blank lines ignored, whitespace around key and value trimmed. A later line overrides an earlier
 * one with the same key.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * Parses the file.
     *
     * @param file the file to read
     * @return the keys and values in file order, each with its {@code file:line} origin
     * @throws ConfigException if the file cannot be read or a line is malformed (the message names
     *         the file and line)
     */
    public static Map<String, Setting> read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(lines, file.toString());
    }

    /** Parses lines, naming {@code source} in error messages. */
    static Map<String, Setting> parse(List<String> lines, String source) throws ConfigException {
        Map<String, Setting> values = new LinkedHashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String where = source + ":" + (index + 1);
            if (equals < 0) {
                throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, equals).strip();
            ConfigKeys.requireValidKey(key, where);
            values.put(key, new Setting(line.substring(equals + 1).strip(), where));
        }
        return values;
    }
}
