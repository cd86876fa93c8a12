package org.quicfiles.app.internal.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.app.StartupException;

class IdentityKeyFileTest {
    // RFC 8032 section 7.1, test 1
    private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void derivesTheRfc8032KeyPairFromItsSeed() throws Exception {
        IdentityKey key = IdentityKey.fromSeed(HexFormat.of().parseHex(SEED));
        assertEquals(PUBLIC, key.publicKeyHex());

        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.keyPair().getPrivate());
        signer.update(new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HexFormat.of().formatHex(signer.sign()));
    }

    @Test
    void readsRawLibsodiumLayout() throws Exception {
        Path file = write("raw", HexFormat.of().parseHex(SEED + PUBLIC));
        assertEquals(PUBLIC, IdentityKeyFile.loadOrCreate(file).publicKeyHex());
    }

    @Test
    void readsHexWithOrWithoutTrailingNewline() throws Exception {
        for (String text : new String[] {SEED + PUBLIC, SEED + PUBLIC + "\n", (SEED + PUBLIC).toUpperCase() + "\r\n"}) {
            Path file = write("hex", text.getBytes(StandardCharsets.US_ASCII));
            assertEquals(PUBLIC, IdentityKeyFile.loadOrCreate(file).publicKeyHex());
        }
    }

    @Test
    void createsAMissingKeyOwnerOnlyAndReadsItBack() throws Exception {
        Path file = dir.resolve("sub/key");
        IdentityKey created = IdentityKeyFile.loadOrCreate(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(64, Files.size(file));
        assertArrayEquals(created.libsodiumBytes(), Files.readAllBytes(file));
        assertEquals(created, IdentityKeyFile.loadOrCreate(file));
    }

    @Test
    void refusesAKeyOthersMayRead() throws Exception {
        Path file = write("open", HexFormat.of().parseHex(SEED + PUBLIC));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        StartupException refused = assertThrows(StartupException.class, () -> IdentityKeyFile.loadOrCreate(file));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
    }

    @Test
    void refusesAPublicHalfThatIsNotTheSeeds() throws Exception {
        Path file = write("wrong", HexFormat.of().parseHex(SEED + SEED));
        StartupException refused = assertThrows(StartupException.class, () -> IdentityKeyFile.loadOrCreate(file));
        assertTrue(refused.getMessage().contains("does not match"), refused.getMessage());
    }

    @Test
    void refusesOtherLengthsAndNonHex() throws Exception {
        Path shortFile = write("short", new byte[63]);
        assertTrue(assertThrows(StartupException.class, () -> IdentityKeyFile.loadOrCreate(shortFile))
                .getMessage().contains("found 63 bytes"));
        Path notHex = write("nothex", "z".repeat(128).getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(StartupException.class, () -> IdentityKeyFile.loadOrCreate(notHex))
                .getMessage().contains("hex"));
    }
}
