package org.quicfiles.load.targets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.quicfiles.load.payload.DownloadSink;
import org.quicfiles.load.server.TcpServer;

/**
 * The machine's ceiling: plain loopback TCP with no TLS and no framing beyond a 9-byte request
 * ({@code 'G'|'P'|'I'} and a 64-bit size), served by {@link TcpServer} from memory. TCP has no
 * streams, so each concurrent operation of a connection uses its own socket from a small pool.
 */
final class TcpTarget implements Target {
    private final InetSocketAddress server;
    private final AutoCloseable owned;

    /** @param owned what to stop on {@link #close()}, or {@code null} */
    TcpTarget(InetSocketAddress server, AutoCloseable owned) {
        this.server = server;
        this.owned = owned;
    }

    @Override
    public String name() {
        return "raw-tcp";
    }

    @Override
    public Connection connect() {
        return new TcpConnection();
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the TCP server", e);
            }
        }
    }

    private final class TcpConnection implements Connection {
        private final Queue<SocketChannel> idle = new ConcurrentLinkedQueue<>();

        @Override
        public String put(ReadableByteChannel body, long size) throws IOException {
            SocketChannel socket = acquire();
            writeRequest(socket, TcpServer.PUT, size);
            ByteBuffer buffer = ByteBuffer.allocateDirect(TcpServer.CHUNK);
            long sent = 0;
            while (sent < size && body.read(buffer.clear()) >= 0) {
                buffer.flip();
                sent += buffer.remaining();
                while (buffer.hasRemaining()) {
                    socket.write(buffer);
                }
            }
            TcpServer.readFully(socket, ByteBuffer.allocate(1));
            idle.add(socket);
            return Long.toString(size);
        }

        @Override
        public void get(String id, DownloadSink sink) throws IOException {
            long size = Long.parseLong(id);
            SocketChannel socket = acquire();
            writeRequest(socket, TcpServer.GET, size);
            ByteBuffer buffer = ByteBuffer.allocateDirect(TcpServer.CHUNK);
            long left = size;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                if (socket.read(buffer) < 0) {
                    throw new IOException("TCP server closed after " + (size - left) + " bytes");
                }
                left -= buffer.flip().remaining();
                sink.write(buffer);
            }
            sink.requireComplete(size);
            idle.add(socket);
        }

        @Override
        public void info(String id) throws IOException {
            SocketChannel socket = acquire();
            writeRequest(socket, TcpServer.INFO, 0);
            TcpServer.readFully(socket, ByteBuffer.allocate(1));
            idle.add(socket);
        }

        private SocketChannel acquire() throws IOException {
            SocketChannel socket = idle.poll();
            if (socket != null) {
                return socket;
            }
            socket = SocketChannel.open(server);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return socket;
        }

        @Override
        public void close() {
            SocketChannel socket;
            while ((socket = idle.poll()) != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a loopback socket: nothing to do about it
                }
            }
        }
    }

    private static void writeRequest(SocketChannel socket, byte kind, long size) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(9).put(kind).putLong(size).flip();
        while (request.hasRemaining()) {
            socket.write(request);
        }
    }
}
