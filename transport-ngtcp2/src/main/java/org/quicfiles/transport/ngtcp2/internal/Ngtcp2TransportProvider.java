package org.quicfiles.transport.ngtcp2.internal;

import java.io.IOException;
import java.util.Optional;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs;

/** The {@code ngtcp2} transport: the quic-files protocol over ngtcp2 + GnuTLS (raw public keys). */
public final class Ngtcp2TransportProvider implements TransportProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Ngtcp2TransportProvider() {
    }

    @Override
    public String name() {
        return "ngtcp2";
    }

    @Override
    public boolean isUsable() {
        return unusableReason().isEmpty();
    }

    @Override
    public Optional<String> unusableReason() {
        try {
            return NativeLibs.problem();
        } catch (Throwable e) {
            return Optional.of(String.valueOf(e));
        }
    }

    /**
     * Above the Netty transport ({@code quic}, 100): the default wherever its libraries load, since
     * it alone serves Session's libquic clients and it serves every other client on the same port
     * at least as fast (decision note 0171).
     */
    @Override
    public int priority() {
        return 150;
    }

    @Override
    public java.util.Set<String> configKeys() {
        return ServerSettings.KEYS;
    }

    @Override
    public Transport start(TransportContext context) throws IOException {
        return Ngtcp2Server.start(context);
    }
}
