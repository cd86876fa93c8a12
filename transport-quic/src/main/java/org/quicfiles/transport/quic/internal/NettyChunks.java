package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.quicfiles.bridge.InboundQueue;

/** The stream bridge's inbound chunks, from a Netty allocator (pooled direct memory). */
final class NettyChunks {
    private NettyChunks() {
    }

    static InboundQueue.Memory of(ByteBufAllocator alloc) {
        return capacity -> {
            ByteBuf buf = alloc.directBuffer(capacity, capacity);
            return new InboundQueue.Chunk(buf.nioBuffer(0, capacity), buf::release);
        };
    }
}
