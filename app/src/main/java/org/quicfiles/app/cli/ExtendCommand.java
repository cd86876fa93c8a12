package org.quicfiles.app.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.quicfiles.protocol.Bt;
import org.quicfiles.client.QuicFilesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code quicfiles extend ID}: asks {@code file_extend} to keep a file longer; never shortens its life. */
@Command(name = "extend", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Extends the life of the file ID to at least now + TTL.")
public final class ExtendCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ClientOptionsMixin client;

    @Parameters(paramLabel = "ID", description = "The file id.")
    String id;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "New time to live from now, e.g. 1h, 14d (default: the server's maximum).")
    String ttl;

    @Override
    public Integer call() throws Exception {
        Bt.Dict.Builder request = Bt.Dict.builder().put("#", id);
        if (ttl != null) {
            request.put("t", ClientOptionsMixin.duration("--ttl", ttl).toSeconds());
        }
        byte[] reply;
        try (QuicFilesClient connection = client.connect()) {
            reply = connection.request("file_extend", request.build().encode());
        } catch (IOException e) {
            throw ClientFailures.explain("extend " + id, e);
        }
        client.print(parent.out(), InfoCommand.parse(reply, false), false);
        return 0;
    }
}
