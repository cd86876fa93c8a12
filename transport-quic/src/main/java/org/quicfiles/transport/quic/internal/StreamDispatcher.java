package org.quicfiles.transport.quic.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import org.quicfiles.api.spi.Router;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.RequestMemoryBudget;
import org.quicfiles.protocol.Wire;

/** Gives each new stream its handler: stream 0 (by id) is the request stream, others are file streams. */
@ChannelHandler.Sharable
final class StreamDispatcher extends ChannelInitializer<QuicStreamChannel> {
    private final Router router;
    private final TransportSettings settings;
    private final System.Logger logger;
    private final RequestMemoryBudget requestBudget;

    private final AbuseLog abuse;

    StreamDispatcher(Router router, TransportSettings settings, RequestMemoryBudget requestBudget, AbuseLog abuse,
                     System.Logger logger) {
        this.abuse = abuse;
        this.router = router;
        this.settings = settings;
        this.requestBudget = requestBudget;
        this.logger = logger;
    }

    @Override
    protected void initChannel(QuicStreamChannel stream) {
        if (stream.type() != QuicStreamType.BIDIRECTIONAL || stream.isLocalCreated()) {
            stream.close();
        } else if (stream.streamId() == Wire.REQUEST_STREAM_ID) {
            stream.pipeline().addLast(new RequestStreamHandler(router, settings.maxRequests(), requestBudget,
                    settings.requestMemoryPerConnection(), settings.stallTimeout(), settings.minRate(),
                    settings.minRateWindow(), abuse, logger));
        } else {
            stream.pipeline().addLast(new FileStreamHandler(router, settings, abuse, logger));
        }
    }
}
