package org.quicfiles.transport.quic.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import org.quicfiles.api.spi.Router;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.RequestMemoryBudget;
import org.quicfiles.bridge.TransportMetrics;
import org.quicfiles.protocol.Wire;

/** Gives each new stream its handler: stream 0 (by id) is the request stream, others are file streams. */
@ChannelHandler.Sharable
final class StreamDispatcher extends ChannelInitializer<QuicStreamChannel> {
    private final Router router;
    private final TransportSettings settings;
    private final System.Logger logger;
    private final RequestMemoryBudget requestBudget;

    private final AbuseLog abuse;
    private final TransportMetrics metrics;

    StreamDispatcher(Router router, TransportSettings settings, RequestMemoryBudget requestBudget, AbuseLog abuse,
                     TransportMetrics metrics, System.Logger logger) {
        this.abuse = abuse;
        this.metrics = metrics;
        this.router = router;
        this.settings = settings;
        this.requestBudget = requestBudget;
        this.logger = logger;
    }

    @Override
    protected void initChannel(QuicStreamChannel stream) {
        if (stream.type() != QuicStreamType.BIDIRECTIONAL || stream.isLocalCreated()) {
            stream.close();
            return;
        }
        metrics.streamOpened();
        stream.closeFuture().addListener(closed -> metrics.streamClosed());
        if (stream.streamId() == Wire.REQUEST_STREAM_ID) {
            stream.pipeline().addLast(new RequestStreamHandler(router, settings.maxRequests(), requestBudget,
                    settings.requestMemoryPerConnection(), settings.stallTimeout(), settings.minRate(),
                    settings.minRateWindow(), abuse, metrics, logger));
        } else {
            stream.pipeline().addLast(new FileStreamHandler(router, settings, abuse, metrics, logger));
        }
    }
}
