package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicfiles.endpoints.files.internal.FilesFixture.assertFails;
import static org.quicfiles.endpoints.files.internal.FilesFixture.putHeader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.protocol.RequestBody;

class RequestEndpointsTest {
    private static final long MAX_TTL = Duration.ofDays(14).toSeconds();

    @TempDir
    Path root;
    FilesFixture files;
    FileInfo stored;

    @BeforeEach
    void start() throws Exception {
        files = new FilesFixture(root);
        stored = files.put(FilesEndpointContract.randomBytes(1234, 1), putHeader(1234, 3600L));
    }

    @AfterEach
    void stop() throws Exception {
        files.close();
    }

    private static byte[] bt(Bt.Dict dict) {
        return dict.encode();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Request jsonReply(String endpoint, String body) throws Exception {
        return RequestBody.parse(files.request(endpoint, json(body)));
    }

    @Test
    void fileInfoInBt() throws Exception {
        Bt.Dict reply = Bt.decodeDict(files.request("file_info", bt(Bt.Dict.builder().put("#", stored.id()).build())));
        assertEquals(Bt.Dict.builder().put("#", stored.id()).put("s", 1234)
                .put("u", stored.uploaded()).put("x", stored.expiry()).build(), reply);
    }

    @Test
    void fileInfoInJson() throws Exception {
        Request reply = jsonReply("file_info", "{\"id\":\"" + stored.id() + "\"}");
        assertEquals(stored.id(), reply.string("id").orElseThrow());
        assertEquals(1234, reply.integer("size").orElseThrow());
        assertEquals(stored.uploaded(), reply.integer("uploaded").orElseThrow());
        assertEquals(stored.expiry(), reply.integer("expires").orElseThrow());
        assertEquals(4, reply.fields().size());
    }

    @Test
    void unknownAndExpiredFilesAreNotFound() throws Exception {
        String unknown = "B".repeat(44);
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_info", bt(Bt.Dict.builder().put("#", unknown).build())));
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_info", json("{\"id\":\"" + unknown + "\"}")));
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_extend", bt(Bt.Dict.builder().put("#", unknown).build())));
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_extend", json("{\"id\":\"" + unknown + "\",\"ttl\":60}")));
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_info", json("{\"id\":12345}")));

        files.clock.advance(Duration.ofSeconds(3600));
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_info", json("{\"id\":\"" + stored.id() + "\"}")));
        assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_extend", json("{\"id\":\"" + stored.id() + "\"}")));
        assertEquals(1, files.plugin.deleter().runOnce(), "extend did not revive the expired file");
    }

    @Test
    void malformedBodiesAreBadRequests() {
        for (String body : new String[] {"", "[]", "{", "{\"id\":5.5}", "{}", "{\"id\":\"short\"}",
                "{\"id\":\"" + stored.id() + "\"} trailing", "d1:#3:abce", "d1:#i5ee", "de", "d1:x1:y1:#1:ae"}) {
            assertFails(ErrorCode.BAD_REQUEST, () -> files.request("file_info", json(body)));
        }
        assertFails(ErrorCode.BAD_REQUEST, () -> files.request("file_extend",
                json("{\"id\":\"" + stored.id() + "\",\"ttl\":\"60\"}")));
        assertFails(ErrorCode.BAD_REQUEST, () -> files.request("file_extend",
                bt(Bt.Dict.builder().put("#", stored.id()).put("t", "60").build())));
    }

    @Test
    void extendInBtAnswersTheExpiryInX() throws Exception {
        files.clock.advance(Duration.ofSeconds(100));
        Bt.Dict reply = Bt.decodeDict(files.request("file_extend",
                bt(Bt.Dict.builder().put("#", stored.id()).put("t", 7200).build())));
        long expiry = files.clock.epochSecond() + 7200;
        assertEquals(Bt.Dict.builder().put("#", stored.id()).put("u", stored.uploaded()).put("x", expiry).build(), reply);
        assertEquals(expiry, infoExpiry());
    }

    @Test
    void extendInJsonWithoutTtlGivesTheMaximum() throws Exception {
        Request reply = jsonReply("file_extend", "{\"id\":\"" + stored.id() + "\"}");
        assertEquals(stored.id(), reply.string("id").orElseThrow());
        assertEquals(stored.uploaded(), reply.integer("uploaded").orElseThrow());
        assertEquals(files.clock.epochSecond() + MAX_TTL, reply.integer("expires").orElseThrow());
        assertEquals(3, reply.fields().size());
    }

    @Test
    void extendNeverShortensAndClampsTheTtl() throws Exception {
        Request shorter = jsonReply("file_extend", "{\"id\":\"" + stored.id() + "\",\"ttl\":60}");
        assertEquals(stored.expiry(), shorter.integer("expires").orElseThrow());
        assertEquals(stored.expiry(), infoExpiry());

        files.clock.advance(Duration.ofSeconds(3590));
        Request clamped = jsonReply("file_extend", "{\"id\":\"" + stored.id() + "\",\"ttl\":1}");
        assertEquals(files.clock.epochSecond() + 30, clamped.integer("expires").orElseThrow());

        Request capped = jsonReply("file_extend", "{\"id\":\"" + stored.id() + "\",\"ttl\":99999999999}");
        assertEquals(files.clock.epochSecond() + MAX_TTL, capped.integer("expires").orElseThrow());
    }

    private long infoExpiry() throws Exception {
        return Bt.decodeDict(files.request("file_info", bt(Bt.Dict.builder().put("#", stored.id()).build())))
                .integer("x").orElseThrow();
    }
}
