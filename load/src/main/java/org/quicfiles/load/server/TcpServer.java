package org.quicfiles.load.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.quicfiles.load.payload.Payloads;

/**
 * The raw TCP ceiling's server: on 127.0.0.1, one virtual thread per socket, answering {@code G}
 * with the pattern from memory, swallowing the bytes of {@code P} then acknowledging with one byte,
 * and answering {@code I} with one byte.
 */
public final class TcpServer implements AutoCloseable {
    public static final byte GET = 'G';
    public static final byte PUT = 'P';
    public static final byte INFO = 'I';
    public static final int CHUNK = 256 * 1024;

    private final ServerSocketChannel listener;
    private final Thread acceptor;

    private TcpServer(ServerSocketChannel listener) {
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("tcp-accept").start(this::acceptLoop);
    }

    /** Listens on an ephemeral port of 127.0.0.1. */
    public static TcpServer start() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        return new TcpServer(listener);
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel socket = listener.accept();
                Thread.ofVirtual().name("tcp-serve").start(() -> serve(socket));
            }
        } catch (IOException e) {
            // closed: the benchmark is over
        }
    }

    private static void serve(SocketChannel socket) {
        try (socket) {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer request = ByteBuffer.allocate(9);
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            while (true) {
                request.clear();
                if (socket.read(request) < 0) {
                    return;
                }
                readFully(socket, request);
                byte kind = request.get(0);
                long size = request.getLong(1);
                if (kind == GET) {
                    ByteBuffer body = Payloads.pattern(size);
                    while (body.hasRemaining()) {
                        socket.write(body);
                    }
                } else if (kind == PUT) {
                    long left = size;
                    while (left > 0) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                        int n = socket.read(buffer);
                        if (n < 0) {
                            return;
                        }
                        left -= n;
                    }
                    socket.write(ByteBuffer.wrap(new byte[] {1}));
                } else {
                    socket.write(ByteBuffer.wrap(new byte[] {1}));
                }
            }
        } catch (IOException e) {
            // a client went away: nothing to serve
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.interrupt();
    }

    /** Reads until {@code into} is full; both ends of the 9-byte request and 1-byte answers use it. */
    public static void readFully(SocketChannel socket, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (socket.read(into) < 0) {
                throw new IOException("peer closed the TCP connection");
            }
        }
    }
}
