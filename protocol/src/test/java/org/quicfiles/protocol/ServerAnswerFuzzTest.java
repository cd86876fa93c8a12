package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * Fuzzes what a client parses from a (possibly hostile) server: the PUT reply
 * ({@link PutReply#decode(byte[])}) and the GET head ({@link HeaderBlockParser} then
 * {@link GetHead#fromHeader(Bt.Dict)}). Every input is a value or {@link QuicFilesException}
 * {@link ErrorCode#BAD_REQUEST}; valid answers round-trip.
 *
 * <p>CI runs 10,000 cases per property with the fixed seed {@value WireFuzz#SEED}. Longer run:
 * {@code mvn -B -o -pl protocol test -Dfuzz.tries=1000000 -Dtest='*FuzzTest'}.
 */
class ServerAnswerFuzzTest {

    @Provide
    Arbitrary<PutReply> putReplies() {
        Arbitrary<String> ids = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars('-', '_')
                        .ofLength(FileIds.CONTENT_ID_LENGTH),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(FileIds.MAX_COMPAT_DIGITS));
        return Combinators.combine(ids, Arbitraries.longs(), Arbitraries.longs()).as(PutReply::new);
    }

    @Provide
    Arbitrary<GetHead> getHeads() {
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs(), Arbitraries.longs())
                .as(GetHead::new);
    }

    @Provide
    Arbitrary<byte[]> putReplyBytes() {
        Arbitrary<byte[]> valid = putReplies().map(PutReply::encode);
        return Arbitraries.frequencyOf(Tuple.of(2, WireFuzz.randomBytes()), Tuple.of(5, WireFuzz.mutated(valid)),
                Tuple.of(1, valid), Tuple.of(1, Arbitraries.just("d1:#3:abce".getBytes(StandardCharsets.US_ASCII))));
    }

    @Provide
    Arbitrary<byte[]> getHeadBytes() {
        Arbitrary<byte[]> valid = getHeads().map(GetHead::encode);
        return Arbitraries.frequencyOf(Tuple.of(2, WireFuzz.randomBytes()), Tuple.of(5, WireFuzz.mutated(valid)),
                Tuple.of(1, valid));
    }

    @Property(seed = WireFuzz.SEED)
    void anyPutReplyDecodesOrIsABadRequest(@ForAll("putReplyBytes") byte[] input) {
        try {
            PutReply reply = PutReply.decode(input);
            assertEquals(reply, PutReply.decode(reply.encode()));
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
        }
    }

    @Property(seed = WireFuzz.SEED)
    void anyGetHeadParsesOrIsABadRequest(@ForAll("getHeadBytes") byte[] input) {
        try {
            Optional<Bt.Dict> header = new HeaderBlockParser(HeaderBlockParser.DEFAULT_MAX_SIZE).feed(ByteBuffer.wrap(input));
            if (header.isPresent()) {
                GetHead head = GetHead.fromHeader(header.get());
                assertEquals(head, GetHead.fromHeader(HeaderBlockParser.parseWhole(head.encode(), HeaderBlockParser.DEFAULT_MAX_SIZE)));
            }
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
        }
    }

    @Property(seed = WireFuzz.SEED)
    void validAnswersRoundTrip(@ForAll("putReplies") PutReply put, @ForAll("getHeads") GetHead get) {
        assertEquals(put, PutReply.decode(put.encode()));
        assertEquals(get, GetHead.fromHeader(HeaderBlockParser.parseWhole(get.encode(), HeaderBlockParser.DEFAULT_MAX_SIZE)));
    }
}
