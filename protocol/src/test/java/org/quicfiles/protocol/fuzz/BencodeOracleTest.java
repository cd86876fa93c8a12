package org.quicfiles.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.protocol.Bt;

/**
 * bencode-java (com.dampcake:bencode) as an independent oracle for our bt codec: a second decoder
 * written by other people, so that a bug both our encoder and our decoder share cannot hide. Every
 * document is a dictionary, as header blocks and stream-0 bodies are.
 *
 * <p>Properties: on every canonical document both decoders agree; every document our strict
 * decoder accepts (canonical ones and accepted mutations alike) bencode-java reads the same way;
 * bencode-java's re-encoding of what it read is byte for byte the document, and ours decodes it
 * back to the same value. bencode-java is lenient where we are strict (key order, leading zeros),
 * so nothing is claimed about inputs we refuse.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class BencodeOracleTest {
    /** Strings as bytes (ByteBuffer), so that binary content is compared exactly. */
    private final Bencode oracle = new Bencode(true);

    @Provide
    Arbitrary<Bt.Dict> documents() {
        return CodecFuzz.btValues().map(value -> value instanceof Bt.Dict dict ? dict : Bt.Dict.of(Map.of("v", value)));
    }

    @Provide
    Arbitrary<byte[]> mutatedDocuments() {
        return CodecFuzz.mutated(documents().map(Bt::encode));
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void bothDecodersAgreeOnEveryCanonicalDocument(@ForAll("documents") Bt.Dict document) {
        byte[] bytes = document.encode();
        assertEquals(plain(Bt.decode(bytes)), plain(oracle.decode(bytes, Type.DICTIONARY)));
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void whatOurStrictDecoderAcceptsTheOracleReadsTheSameWay(@ForAll("mutatedDocuments") byte[] input) {
        Bt ours;
        try {
            ours = Bt.decode(input);
        } catch (QuicFilesException refused) {
            return;
        }
        if (ours instanceof Bt.Dict) {
            assertEquals(plain(ours), plain(oracle.decode(input, Type.DICTIONARY)));
        }
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void everyReEncodingRoundTrips(@ForAll("documents") Bt.Dict document) {
        byte[] bytes = document.encode();
        byte[] again = oracle.encode(oracle.decode(bytes, Type.DICTIONARY));
        assertArrayEquals(bytes, again, "bencode-java re-encodes our canonical form unchanged");
        assertEquals(document, Bt.decode(again));
    }

    /** Both decoders' values as one shape: Long, ByteBuffer (by content), List, Map by text key. */
    private static Object plain(Object value) {
        return switch (value) {
            case Bt.Int integer -> integer.value();
            case Bt.Str str -> ByteBuffer.wrap(str.bytes());
            case Bt.Lst list -> plainList(list.items());
            case Bt.Dict dict -> plainMap(dict.entries());
            case Long number -> number;
            case ByteBuffer bytes -> bytes.duplicate().rewind();
            case List<?> list -> plainList(list);
            case Map<?, ?> map -> plainMap(map);
            default -> throw new AssertionError("unexpected " + value.getClass());
        };
    }

    private static List<Object> plainList(List<?> items) {
        List<Object> out = new ArrayList<>();
        items.forEach(item -> out.add(plain(item)));
        return out;
    }

    private static Map<String, Object> plainMap(Map<?, ?> entries) {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((key, item) -> out.put((String) key, plain(item)));
        return out;
    }
}
