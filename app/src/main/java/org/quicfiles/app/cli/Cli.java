package org.quicfiles.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigException;
import picocli.CommandLine;

/**
 * Runs the command line. Bad input and failures to start are one line on {@code err} with a
 * non-zero exit code, never a stack trace (set {@code QUICFILES_DEBUG=1} to see one).
 */
public final class Cli {
    /** Exit code of a usage error. */
    public static final int USAGE = 2;
    /** Exit code of a failure to do the work (bad config, cannot start). */
    public static final int FAILURE = 1;
    /** Exit code of an unexpected failure. */
    public static final int SOFTWARE = 70;

    private Cli() {
    }

    /** Bad usage found while running (e.g. an unknown command): one line, exit code {@link #USAGE}. */
    public static final class UsageException extends IllegalArgumentException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        /** @param message one line saying what is wrong */
        public UsageException(String message) {
            super(message);
        }
    }

    /** A content id (44 characters of base64url) that starts with '-' and would read as an option. */
    private static final java.util.regex.Pattern DASH_ID = java.util.regex.Pattern.compile("-[A-Za-z0-9_-]{43}");
    /** The commands whose one positional parameter is a file id. */
    private static final java.util.Set<String> ID_COMMANDS = java.util.Set.of("get", "info", "extend");

    /**
     * Moves a file id that begins with '-' (a content id does one time in 64) behind {@code --}, so
     * that {@code quicfiles info -9lS…} asks for that file instead of failing on an unknown option.
     * Only for the commands that take one id and only when no {@code --} is there already.
     */
    static String[] idsAfterDoubleDash(String[] args) {
        if (args.length < 2 || !ID_COMMANDS.contains(args[0]) || java.util.Arrays.asList(args).contains("--")) {
            return args;
        }
        java.util.List<String> options = new java.util.ArrayList<>();
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            (DASH_ID.matcher(args[i]).matches() ? ids : options).add(args[i]);
        }
        if (ids.isEmpty()) {
            return args;
        }
        java.util.List<String> moved = new java.util.ArrayList<>();
        moved.add(args[0]);
        moved.addAll(options);
        moved.add("--");
        moved.addAll(ids);
        return moved.toArray(String[]::new);
    }

    /**
     * Parses and runs {@code args}.
     *
     * @return the process exit code
     */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        args = idsAfterDoubleDash(args);
        CommandLine commandLine = new CommandLine(new QuicFilesCommand(environment, out, err));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((failure, arguments) -> {
            CommandLine command = failure.getCommandLine();
            String suggestion = "";
            if (failure instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
            }
            err.println("quicfiles: " + failure.getMessage() + suggestion + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        boolean debug = org.quicfiles.app.internal.config.EnvironmentConfig.debug(environment);
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (debug) {
                failure.printStackTrace(err);
            }
            boolean expected = failure instanceof StartupException || failure instanceof ConfigException
                    || failure instanceof IllegalArgumentException || failure instanceof java.io.IOException;
            String line = (expected ? "" : "internal error: ") + message(failure);
            if (wantsJson(parsed)) {
                // scripts that asked for JSON get their error as JSON too, on stdout
                out.println(errorJson(line, failure));
                out.flush();
            }
            err.println("quicfiles: " + line);
            err.flush();
            return failure instanceof UsageException ? USAGE : expected ? FAILURE : SOFTWARE;
        });
        int code = commandLine.execute(toolCommandFor(commandLine, args));
        out.flush();
        err.flush();
        return code;
    }

    /** {@code quicfiles NAME ARGS…} with a NAME that is not built in runs the plugin tool of that name. */
    private static String[] toolCommandFor(CommandLine commandLine, String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || commandLine.getSubcommands().containsKey(args[0])) {
            return args;
        }
        String[] rewritten = new String[args.length + 1];
        rewritten[0] = ToolCommand.NAME;
        System.arraycopy(args, 0, rewritten, 1, args.length);
        return rewritten;
    }

    private static boolean wantsJson(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        return command.hasMatchedOption("--json");
    }

    /** {@code {"error":"…","code":404,"status":"NOT_FOUND"}}; code and status only when the server answered one. */
    static String errorJson(String line, Throwable failure) {
        java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("error", line);
        if (failure instanceof ClientFailures.Failure answered && answered.code().isPresent()) {
            fields.put("code", answered.code().get().wireCode());
            fields.put("status", answered.code().get().name());
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
