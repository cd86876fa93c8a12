package org.quicfiles.storage.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlobIdsTest {
    @Test
    void acceptsTheProtocolsIdsAndTheirAlphabet() {
        assertTrue(BlobIds.isValid("1"));
        assertTrue(BlobIds.isValid("1234567890123456"));
        assertTrue(BlobIds.isValid("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ-_"));
        assertTrue(BlobIds.isValid("z".repeat(64)));
    }

    @Test
    void refusesEverythingElse() {
        for (String bad : new String[] {"", "z".repeat(65), "a.b", "../a", "a/b", "a+b", "a=", "ü", "a\n"}) {
            assertFalse(BlobIds.isValid(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> BlobIds.requireValid(bad), bad);
        }
    }

    @Test
    void shardIsTheFirstTwoCharacters() {
        assertEquals("ab", BlobIds.shard("abc"));
        assertEquals("ab", BlobIds.shard("ab"));
        assertEquals("a", BlobIds.shard("a"));
    }

    @Test
    void messagesShowControlCharactersEscaped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobIds.requireValid("a\u0001"));
        assertTrue(e.getMessage().contains("a\\x01"), e.getMessage());
    }
}
