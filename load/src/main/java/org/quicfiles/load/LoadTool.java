package org.quicfiles.load;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load tool's command line: {@code run} (one workload against one target, {@link RunCommand}),
 * {@code suite} (scenarios P1–P6 against quicfiles and the baselines as markdown tables, {@link
 * SuiteCommand}) and {@code bare-server} (the bare QUIC baseline, forked by the other two, {@link
 * BareServerCommand}). The launcher {@code load/run} starts {@link #main}.
 */
@Command(name = "quicfiles-load", mixinStandardHelpOptions = true, version = "quicfiles-load 0.1.0",
        description = "Loads a quicfiles server and its baselines on 127.0.0.1.",
        subcommands = {RunCommand.class, SuiteCommand.class, BareServerCommand.class})
public final class LoadTool {
    /** Runs the tool; exits with the command's code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, not yet run. */
    static CommandLine commandLine() {
        return new CommandLine(new LoadTool());
    }

    /** Progress goes to stderr only when a person watches. */
    static PrintStream progressStream(boolean json) {
        return !json && System.console() != null ? System.err : null;
    }

    private LoadTool() {
    }
}
