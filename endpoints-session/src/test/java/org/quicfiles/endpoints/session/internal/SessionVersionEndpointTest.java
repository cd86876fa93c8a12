package org.quicfiles.endpoints.session.internal;

import static org.quicfiles.endpoints.session.internal.FakeGitHub.Answer.ok;
import static org.quicfiles.endpoints.session.internal.Fixtures.list;
import static org.quicfiles.endpoints.session.internal.Fixtures.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

class SessionVersionEndpointTest {
    @TempDir
    Path directory;

    private Harness harness;

    @BeforeEach
    void pollDesktop() throws Exception {
        harness = new Harness(directory, Map.of("projects", "desktop=session-desktop,android=session-android"));
        harness.github.releases("session-desktop",
                ok(release("v1.14.2", false, "session-1.14.2.dmg", "session-1.14.2.exe")),
                ok(list(release("v1.16.0-alpha.2", true), release("nightly-2025-01-01", true),
                        release("v1.15.0-beta.1", true, "session-1.15.0-beta.1.dmg"))));
        assertEquals("desktop", harness.poller.tick().orElseThrow());
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void stableAnswersInJsonWithTheNewerPrerelease() throws Exception {
        JsonNode reply = harness.askJson("{\"platform\":\"desktop\"}");

        assertEquals("1.14.2", reply.get("result").asText());
        assertEquals(harness.context.clock().instant().getEpochSecond(), reply.get("updated").asLong());
        assertEquals("Session v1.14.2", reply.get("name").asText());
        assertEquals("Notes for v1.14.2", reply.get("notes").asText());
        assertEquals(2, reply.get("assets").size());
        assertEquals("session-1.14.2.dmg", reply.get("assets").get(0).get("name").asText());
        assertEquals("https://github.com/session-foundation/releases/download/v1.14.2/session-1.14.2.dmg",
                reply.get("assets").get(0).get("url").asText());
        JsonNode prerelease = reply.get("prerelease");
        assertEquals("1.15.0-beta.1", prerelease.get("result").asText());
        assertEquals("session-1.15.0-beta.1.dmg", prerelease.get("assets").get(0).get("name").asText());
    }

    @Test
    void answersInBtWhenAskedInBt() throws Exception {
        Bt.Dict reply = harness.askBt(Bt.Dict.builder().put("platform", "desktop").build());

        assertEquals("1.14.2", reply.string("result").orElseThrow());
        assertEquals(harness.context.clock().instant().getEpochSecond(), reply.integer("updated").orElseThrow());
        Bt.Lst assets = (Bt.Lst) reply.get("assets").orElseThrow();
        assertEquals("session-1.14.2.exe", ((Bt.Dict) assets.items().get(1)).string("name").orElseThrow());
        Bt.Dict prerelease = (Bt.Dict) reply.get("prerelease").orElseThrow();
        assertEquals("1.15.0-beta.1", prerelease.string("result").orElseThrow());
    }

    @Test
    void eachChannelAnswersItsNewest() throws Exception {
        assertEquals("1.15.0-beta.1", harness.askJson(
                "{\"platform\":\"desktop\",\"release_channel\":\"prerelease\"}").get("result").asText());
        Bt.Dict alpha = harness.askBt(Bt.Dict.builder().put("platform", "desktop")
                .put("release_channel", "alpha").build());
        assertEquals("1.16.0-alpha.2", alpha.string("result").orElseThrow());
        assertTrue(alpha.get("prerelease").isEmpty(), "only the stable channel names a prerelease");
        assertEquals("1.14.2", harness.askJson(
                "{\"platform\":\"desktop\",\"release_channel\":\"stable\"}").get("result").asText());
    }

    @Test
    void aTagThatDoesNotParseIsIgnoredAndLogged() throws Exception {
        assertTrue(harness.context.logger().lines().stream().anyMatch(line -> line.contains("nightly-2025-01-01")));
        assertEquals("1.16.0-alpha.2", harness.askJson(
                "{\"platform\":\"desktop\",\"release_channel\":\"alpha\"}").get("result").asText());
    }

    @Test
    void noPrereleaseFieldWhenStableIsNewest() throws Exception {
        harness.github.releases("session-android", ok(release("2.0.0", false)),
                ok(list(release("2.0.0", false), release("v2.0.0-beta.4", true))));
        harness.poller.tick();

        JsonNode reply = harness.askJson("{\"platform\":\"android\"}");
        assertEquals("2.0.0", reply.get("result").asText());
        assertFalse(reply.has("prerelease"));
    }

    @Test
    void unknownPlatformIsNotFoundInBothForms() {
        assertCode(ErrorCode.NOT_FOUND, "{\"platform\":\"windows-phone\"}");
        assertCode(ErrorCode.NOT_FOUND, Bt.Dict.builder().put("platform", "ios").build().encode());
    }

    @Test
    void aPlatformNotPolledYetIsUnavailable() {
        assertCode(ErrorCode.UNAVAILABLE, "{\"platform\":\"android\"}");
        assertCode(ErrorCode.UNAVAILABLE, Bt.Dict.builder().put("platform", "android").build().encode());
    }

    @Test
    void malformedBodiesAreBadRequests() {
        for (String body : List.of("", "{}", "[1]", "not json", "{\"platform\":1}", "{\"platform\":\"desktop\"",
                "{\"platform\":\"desktop\",\"release_channel\":\"nightly\"}", "{\"platform\":\"desktop\"} {}",
                "{\"platform\":\"desktop\",\"platform\":\"ios\"}", "null", "  ")) {
            assertCode(ErrorCode.BAD_REQUEST, body);
        }
        assertCode(ErrorCode.BAD_REQUEST, "d8:platform7:desktop".getBytes(StandardCharsets.US_ASCII));
        assertCode(ErrorCode.BAD_REQUEST, "d15:release_channel5:alpha8:platform7:desktope"
                .getBytes(StandardCharsets.US_ASCII));
        assertCode(ErrorCode.BAD_REQUEST, Bt.Dict.builder().put("platform", 3).build().encode());
    }

    private void assertCode(ErrorCode code, String body) {
        assertCode(code, body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertCode(ErrorCode code, byte[] body) {
        QuicFilesException e = assertThrows(QuicFilesException.class, () -> org.quicfiles.testkit.RequestCalls.answer(harness.endpoint, body),
                new String(body, StandardCharsets.UTF_8));
        assertEquals(code, e.code(), new String(body, StandardCharsets.UTF_8));
    }
}
