package org.quicfiles.load.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * An ECDSA P-256 self-signed certificate for the bare QUIC baseline (the certificate kind the
 * quicfiles transport's leaf is), made by the running JDK's {@code keytool}: no BouncyCastle, no
 * JDK internals.
 */
final class SelfSignedKeyStore {
    private static final char[] PASSWORD = "quicfiles-load".toCharArray();

    private SelfSignedKeyStore() {
    }

    /** Creates {@code dir/bare-quic.p12} and returns a key manager factory over it. */
    static KeyManagerFactory create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve("bare-quic.p12");
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "bare",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted while running keytool", e);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, PASSWORD);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the key store " + store, e);
        }
    }
}
