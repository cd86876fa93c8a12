package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.Map;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.Router;
import org.quicfiles.api.spi.TransportContext;

/**
 * The ngtcp2 server started in the test's own JVM, as the provider starts it: on 127.0.0.1 and an
 * ephemeral port unless the test's settings say otherwise. A test on a machine where the transport
 * cannot load (no ngtcp2 0.12 or GnuTLS helper) is skipped there, not failed.
 */
final class InProcessServers {
    private InProcessServers() {
    }

    /** A fresh Ed25519 identity: the key clients pin. */
    static KeyPair newIdentity() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /**
     * Starts a server.
     *
     * @param settings {@code transport.} settings over the loopback address and port 0
     */
    static Ngtcp2Server start(KeyPair identity, Router router, Map<String, String> settings, System.Logger log)
            throws IOException {
        Ngtcp2TransportProvider provider = new Ngtcp2TransportProvider();
        assumeTrue(provider.isUsable(), () -> "ngtcp2 transport unusable: " + provider.unusableReason().orElse("?"));
        Map<String, String> values = new HashMap<>(Map.of("address", "127.0.0.1", "port", "0"));
        values.putAll(settings);
        return (Ngtcp2Server) provider.start(new TransportContext(new Config(values), identity, router, log));
    }
}
