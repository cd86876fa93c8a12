package org.quicfiles.load;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code load/run} command line in load/README.md's code blocks still parses: the figures in
 * the issues' notes are reproduced with them. Lines with placeholders ({@code $w}, {@code …},
 * {@code [optional]}, {@code DIST}) are left out. Parsing only: nothing runs.
 */
class ReadmeCommandLinesTest {
    private static final Path README = Path.of("README.md");

    @Test
    void everyDocumentedCommandLineParses() throws IOException {
        List<List<String>> commands = documentedCommands();
        assertTrue(commands.size() >= 12, "found only " + commands.size() + " command lines in " + README.toAbsolutePath());
        assertTrue(commands.contains(List.of("suite", "--scenarios", "P6", "--p6-seconds", "10")), commands::toString);
        assertTrue(commands.contains(List.of("run", "--target", "quicfiles", "--server-java-opts", "-Xmx128m -XX:MaxDirectMemorySize=512m",
                "-c", "16", "-s", "16", "--op", "put", "--sizes", "10m", "--count", "256", "--warmup", "0", "--duration", "5m")),
                "a continued line is joined");
        for (List<String> args : commands) {
            assertDoesNotThrow(() -> LoadTool.commandLine().parseArgs(args.toArray(String[]::new)),
                    () -> "load/run " + String.join(" ", args));
        }
    }

    @Test
    void theParserWouldCatchAMisspelledOption() {
        assertThrows(CommandLine.ParameterException.class,
                () -> LoadTool.commandLine().parseArgs("run", "--target", "bare", "--sizez", "1m"));
    }

    @Test
    void shellWordsKeepQuotedArgumentsWhole() {
        assertEquals(List.of("run", "--serve-args", "--transport ngtcp2", "--server-java-opts", "-Xmx128m -Xss1m"),
                shellWords("run --serve-args '--transport ngtcp2' --server-java-opts \"-Xmx128m -Xss1m\""));
    }

    private static List<List<String>> documentedCommands() throws IOException {
        List<List<String>> commands = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String text = line.strip();
            if (pending.isEmpty() && !text.startsWith("load/run ")) {
                continue;
            }
            if (text.endsWith("\\")) {
                pending.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            pending.append(text);
            String command = withoutComment(pending.toString()).substring("load/run ".length());
            pending.setLength(0);
            if (!command.matches(".*(\\$|…|\\[|\\bDIST\\b|\\bBEFORE\\b|\\|).*")) {
                commands.add(shellWords(command));
            }
        }
        return commands;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    /** Splits like sh for the quoting the README uses: single and double quotes, no escapes. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
