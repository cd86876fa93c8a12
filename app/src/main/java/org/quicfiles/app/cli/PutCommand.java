package org.quicfiles.app.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.quicfiles.api.FileInfo;
import org.quicfiles.app.internal.transfer.CountingChannels;
import org.quicfiles.app.internal.transfer.ProgressBar;
import org.quicfiles.client.QuicFilesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code quicfiles put FILE}: uploads a file and prints its id, upload time and expiry. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Uploads FILE and prints its id, upload time and expiry.")
public final class PutCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ClientOptionsMixin client;

    @Parameters(paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "Time to live, e.g. 3600, 1h, 14d (default: the server's maximum; clamped to [30s, max]).")
    String ttl;

    @Override
    public Integer call() throws Exception {
        OptionalLong ttlSeconds = ttl == null ? OptionalLong.empty()
                : OptionalLong.of(ClientOptionsMixin.duration("--ttl", ttl).toSeconds());
        long size = -1;
        try (FileChannel source = open(file); QuicFilesClient connection = client.connect()) {
            size = source.size();
            FileInfo info = connection.put(CountingChannels.reading(source,
                    ProgressBar.forTerminal(parent.err(), "put", size)), size, ttlSeconds);
            client.print(parent.out(), info, true);
            return 0;
        } catch (IOException e) {
            // the protocol's 451 carries no limit: say what is known, and where the limit is set
            throw ClientFailures.explain("put " + file, e, java.util.Map.of(org.quicfiles.api.ErrorCode.BAD_SIZE,
                    (size == 0 ? "the file is empty" : "the file's " + size + " bytes are more than the server"
                            + " accepts") + " (its limit is files.max-size, 10223616 bytes unless its operator changed"
                            + " it)"));
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " is not a regular file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}
