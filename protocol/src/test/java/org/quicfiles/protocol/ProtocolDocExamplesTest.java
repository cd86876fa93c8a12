package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every wire example in {@code docs/protocol.md} is decoded with the project's own parsers, so the
 * document cannot drift from the code: command blocks and GET heads with {@link HeaderBlockParser},
 * request-stream messages with {@link FrameParser}, PUT replies with the strict bt decoder.
 */
class ProtocolDocExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("^(\\d+:d\\S*e)( .*)?$");
    private static final Pattern MESSAGE = Pattern.compile("^[→←] (\\d+:l.*e)$");
    private static final Pattern BARE_DICT = Pattern.compile("^(d1:#\\S*e)( FIN)?$");

    private static List<String> exampleLines() throws IOException {
        Path doc = Path.of("..", "docs", "protocol.md");
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<String> examples = new java.util.ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode) {
                examples.add(line.strip());
            }
        }
        return examples;
    }

    @Test
    void everyWireExampleDecodes() throws IOException {
        int blocks = 0;
        int messages = 0;
        int replies = 0;
        for (String line : exampleLines()) {
            Matcher block = BLOCK.matcher(line);
            Matcher message = MESSAGE.matcher(line);
            Matcher bare = BARE_DICT.matcher(line);
            if (message.matches()) {
                List<Frame> frames = new FrameParser().feed(ByteBuffer.wrap(message.group(1).getBytes(StandardCharsets.UTF_8)));
                assertEquals(1, frames.size(), line);
                messages++;
            } else if (bare.matches()) {
                Bt.decodeDict(bare.group(1).getBytes(StandardCharsets.US_ASCII));
                replies++;
            } else if (block.matches()) {
                HeaderBlockParser.parseWhole(block.group(1).getBytes(StandardCharsets.US_ASCII),
                        HeaderBlockParser.DEFAULT_MAX_SIZE);
                blocks++;
            }
        }
        assertTrue(blocks >= 3 && messages >= 9 && replies >= 1,
                "examples found: " + blocks + " blocks, " + messages + " messages, " + replies + " replies");
    }
}
