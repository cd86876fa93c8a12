package org.quicfiles.load;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quicfiles.load.server.BareQuicServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bare-server}: runs the bare QUIC baseline until killed, after one ready line. */
@Command(name = "bare-server", mixinStandardHelpOptions = true,
        description = "Runs the bare Netty QUIC baseline on 127.0.0.1 and prints 'bare-quic ready on HOST:PORT'.")
final class BareServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "UDP port (0: any). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--work", required = true, description = "Folder for its self-signed key store.")
    Path work;

    @Override
    public Integer call() throws Exception {
        BareQuicServer server = BareQuicServer.start(new InetSocketAddress("127.0.0.1", port), work);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        InetSocketAddress address = server.address();
        System.out.println("bare-quic ready on " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + " (" + server.describe() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
