package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.statistics.Statistics;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.protocol.FileIds;
import org.quicfiles.protocol.RequestBody;
import org.quicfiles.testkit.BodyMutations;
import org.quicfiles.testkit.EndpointFuzz;
import org.quicfiles.testkit.TableSnapshot;

/**
 * Fuzzes the {@code file_info} and {@code file_extend} bodies against a started plugin over a real
 * SQLite file holding two live files: random bytes, mutated valid bt and JSON bodies, and valid
 * bodies built from the fields ({@code #}/{@code t} in bt, {@code id}/{@code ttl} in JSON) with
 * ids and ttls of every shape.
 *
 * <p>Property: every input gets a reply in the request's form or a {@link QuicFilesException} with
 * {@link ErrorCode#BAD_REQUEST} or {@link ErrorCode#NOT_FOUND}, never another exception; a rejected
 * input changes no row, and {@code file_info} changes none at all.
 *
 * <p>10,000 cases per endpoint with the fixed seed {@value FuzzTries#SEED}. Long mode:
 * {@code mvn -B -o -pl endpoints-files test -Dtest=RequestBodyFuzzTest -Dfuzz.tries=1000000}.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class RequestBodyFuzzTest {
    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.NOT_FOUND);

    private Path root;
    private FilesFixture files;
    private List<String> storedIds;
    private Connection snapshots;

    @BeforeProperty
    void start() throws Exception {
        root = Files.createTempDirectory("files-fuzz");
        files = new FilesFixture(root);
        FileInfo content = files.put(FilesEndpointContract.randomBytes(100, 1), FilesFixture.putHeader(100, 3600L));
        // a legacy numeric id: file_info and file_extend read only the row
        files.execute("INSERT INTO files (id, size, uploaded, expiry) VALUES ('1234567', 50, "
                + content.uploaded() + ", " + content.expiry() + ")");
        storedIds = List.of(content.id(), "1234567");
        snapshots = files.dataSource.getConnection();
    }

    @AfterProperty
    void stop() throws Exception {
        snapshots.close();
        files.close();
        EndpointFuzz.deleteTree(root);
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void fileInfoAnswersOrFailsAsDocumented(@ForAll("bodies") byte[] body) throws Exception {
        TableSnapshot before = rows();
        answerOrDocumentedError(FileInfoEndpoint.NAME, body);
        assertEquals(before, rows(), "file_info changed a row");
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void fileExtendAnswersOrFailsAsDocumented(@ForAll("bodies") byte[] body) throws Exception {
        TableSnapshot before = rows();
        if (!answerOrDocumentedError(FileExtendEndpoint.NAME, body)) {
            assertEquals(before, rows(), "a rejected file_extend changed a row");
        }
    }

    /** Sends {@code body}; true when it was answered, false when it failed with a documented code. */
    private boolean answerOrDocumentedError(String endpoint, byte[] body) {
        EndpointFuzz.Outcome outcome = EndpointFuzz.answerOrDocumentedError(
                files.plugin.endpoints().requestEndpoints().get(endpoint), body, DOCUMENTED);
        Statistics.collect(outcome.label());
        if (outcome instanceof EndpointFuzz.Answered answered) {
            String idField = answered.reply().form() == Request.Form.BT ? "#" : "id";
            assertTrue(storedIds.contains(answered.reply().string(idField).orElseThrow()));
            return true;
        }
        return false;
    }

    private TableSnapshot rows() throws Exception {
        return TableSnapshot.of(snapshots, "files", "schema_version");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> valid = Arbitraries.oneOf(btBodies(), jsonBodies());
        return Combinators.combine(valid, Arbitraries.longs())
                .as((body, seed) -> BodyMutations.fuzzInput(body, new Random(seed)));
    }

    /** Mostly the stored ids, so that valid bodies reach the table; then ids of every other shape. */
    private Arbitrary<Object> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(storedIds.toArray()).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.strings().withChars("ABCxyz019-_").ofLength(FileIds.CONTENT_ID_LENGTH)
                        .map(Object.class::cast)),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(17).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(50).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.longs().map(Object.class::cast)));
    }

    private Arbitrary<Object> ttls() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.longs().map(Object.class::cast)),
                Tuple.of(4, Arbitraries.longs().between(-10, 2_000_000).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.strings().numeric().ofMaxLength(5).map(Object.class::cast)));
    }

    private Arbitrary<byte[]> btBodies() {
        return Combinators.combine(ids(), ttls(), Arbitraries.integers().between(0, 3))
                .as((id, ttl, shape) -> {
                    Bt.Dict.Builder dict = Bt.Dict.builder();
                    if ((shape & 1) == 0) {
                        dict.put("#", id instanceof Long number ? new Bt.Int(number) : Bt.Str.of((String) id));
                    }
                    if ((shape & 2) == 0) {
                        dict.put("t", ttl instanceof Long number ? new Bt.Int(number) : Bt.Str.of((String) ttl));
                    }
                    return dict.build().encode();
                });
    }

    private Arbitrary<byte[]> jsonBodies() {
        return Combinators.combine(ids(), ttls(), Arbitraries.integers().between(0, 7))
                .as((id, ttl, shape) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    if ((shape & 1) == 0) {
                        fields.put("id", id);
                    }
                    if ((shape & 2) == 0) {
                        fields.put("ttl", ttl);
                    }
                    if ((shape & 4) != 0) {
                        fields.put("extra", List.of(1L, "x"));
                    }
                    return RequestBody.encode(Request.Form.JSON, fields);
                });
    }
}
