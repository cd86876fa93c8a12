package org.quicfiles.app.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.client.QuicFilesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code quicfiles info ID}: asks {@code file_info} for a file's size, upload time and expiry. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints the size, upload time and expiry of the file ID.")
public final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ClientOptionsMixin client;

    @Parameters(paramLabel = "ID", description = "The file id.")
    String id;

    @Override
    public Integer call() throws Exception {
        byte[] reply;
        try (QuicFilesClient connection = client.connect()) {
            reply = connection.request("file_info", Bt.Dict.builder().put("#", id).build().encode());
        } catch (IOException e) {
            throw ClientFailures.explain("info " + id, e);
        }
        client.print(parent.out(), parse(reply, true), true);
        return 0;
    }

    /** Reads a bt reply of {@code file_info} ({@code #, s, u, x}) or {@code file_extend} ({@code #, u, x}). */
    static FileInfo parse(byte[] reply, boolean withSize) throws IOException {
        try {
            Bt.Dict dict = Bt.decodeDict(reply);
            return new FileInfo(dict.string("#").orElseThrow(), withSize ? dict.integer("s").orElseThrow() : 0,
                    dict.integer("u").orElseThrow(), dict.integer("x").orElseThrow());
        } catch (QuicFilesException | java.util.NoSuchElementException | IllegalArgumentException e) {
            throw new IOException("the server's reply is not a file description", e);
        }
    }
}
