package org.quicfiles.transport.quic.internal;

import io.netty.handler.codec.quic.Quic;
import java.io.IOException;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;

/** The {@code quic} transport: the quic-files protocol over Netty QUIC. */
public final class QuicTransportProvider implements TransportProvider {
    /** For {@link java.util.ServiceLoader}. */
    public QuicTransportProvider() {
    }

    @Override
    public String name() {
        return "quic";
    }

    @Override
    public boolean isUsable() {
        try {
            return Quic.isAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public java.util.Set<String> configKeys() {
        return TransportSettings.KEYS;
    }

    @Override
    public Transport start(TransportContext context) throws IOException {
        return QuicServer.start(context);
    }
}
