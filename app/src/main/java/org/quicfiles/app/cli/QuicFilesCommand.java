package org.quicfiles.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code quicfiles} command; the work is done by its subcommands. */
@Command(name = "quicfiles", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A QUIC file server speaking Session's quic-files protocol.",
        subcommands = {ServeCommand.class, PluginsCommand.class, PutCommand.class, GetCommand.class,
            InfoCommand.class, ExtendCommand.class, BackupCommand.class, MigrateCommand.class, ToolCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Plugins may add operator tools, run as 'quicfiles NAME ARGS...' (see 'quicfiles plugins')."})
public final class QuicFilesCommand implements Runnable {
    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The command on the process environment, stdout and stderr; picocli's generators (man page,
     * shell completion) need this no-argument constructor.
     */
    public QuicFilesCommand() {
        this(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /**
     * @param environment the process environment (read for {@code QUICFILES_…} variables)
     * @param out where results go
     * @param err where diagnostics go
     */
    public QuicFilesCommand(Map<String, String> environment, PrintWriter out, PrintWriter err) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    Map<String, String> environment() {
        return environment;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve, plugins, put, get, info, extend, backup, migrate, a plugin tool, or help");
    }
}
