package org.quicfiles.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.quicfiles.api.FileInfo;
import org.quicfiles.app.internal.transfer.CountingChannels;
import org.quicfiles.app.internal.transfer.ProgressBar;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.protocol.FileIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code quicfiles get ID}: downloads a file. The client library checks a content id against the
 * content; the file is written to a temporary next to the target and renamed into place only when
 * complete and verified, so a failed download leaves nothing behind.
 */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Downloads the file ID, checking its content against a content id.")
public final class GetCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ClientOptionsMixin client;

    @Parameters(paramLabel = "ID", description = "The file id (44 characters, or decimal for compatibility ids).")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the file ('-' for stdout; default: ./ID).")
    String output;

    @Override
    public Integer call() throws Exception {
        if (!FileIds.isValid(id)) {
            throw new Cli.UsageException("'" + id + "' is not a file id (44 characters A-Z a-z 0-9 - _, or 1 to 16 digits)");
        }
        if ("-".equals(output)) {
            return toStdout();
        }
        Path target = Path.of(output == null ? id : output).toAbsolutePath();
        Path parentDir = target.getParent();
        if (!Files.isDirectory(parentDir)) {
            throw new ClientFailures.Failure("get " + id + ": cannot write " + target + ": folder " + parentDir
                    + " does not exist", null, null);
        }
        Path temporary;
        try {
            temporary = Files.createTempFile(parentDir, "." + target.getFileName(), ".part");
        } catch (IOException e) {
            // the exception names only the temporary's path; say what was meant and why it failed
            throw new ClientFailures.Failure("get " + id + ": cannot write in " + parentDir + ": "
                    + org.quicfiles.app.internal.data.DataFolder.reason(e), null, e);
        }
        try {
            FileInfo info;
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 QuicFilesClient connection = client.connect()) {
                info = download(connection, file);
                file.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (client.json || output != null) {
                client.print(parent.out(), info, true);
            } else {
                parent.out().println(target);
                parent.out().flush();
            }
            return 0;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private int toStdout() throws Exception {
        OutputStream stdout = System.out;
        try (QuicFilesClient connection = client.connect()) {
            download(connection, Channels.newChannel(stdout));
        }
        stdout.flush();
        return 0;
    }

    private FileInfo download(QuicFilesClient connection, WritableByteChannel sink) throws IOException {
        try {
            ProgressDisplay progress = new ProgressDisplay();
            return connection.get(id, CountingChannels.writing(sink, progress),
                    head -> progress.bar = ProgressBar.forTerminal(parent.err(), "get", head.size()));
        } catch (IOException e) {
            throw ClientFailures.explain("get " + id, e);
        }
    }

    /** The bar appears once the server's head says how large the file is. */
    private static final class ProgressDisplay implements LongConsumer {
        LongConsumer bar = bytes -> { };

        @Override
        public void accept(long bytes) {
            bar.accept(bytes);
        }
    }
}
