package org.quicfiles.load;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.quicfiles.load.scenario.Suite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code suite}: the options of {@link Suite}; prints its markdown tables on stdout. */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = "Runs P1-P6 against quicfiles and the baselines; prints markdown tables (and JSON lines with --json).")
final class SuiteCommand implements Callable<Integer> {
    @Option(names = "--dist", defaultValue = "dist/target/quicfiles", description = "The packaged server. Default: ${DEFAULT-VALUE}.")
    Path dist;

    @Option(names = "--work", defaultValue = "load/target/suite", description = "Data, logs, recordings. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds of each throughput run. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--profile", description = "Record the quicfiles server of P2 with JFR into <work>/p2-quicfiles.jfr.")
    boolean profile;

    @Option(names = "--json", description = "Also print every result as a JSON line (prefixed 'json: ').")
    boolean json;

    @Option(names = "--scenarios", split = ",", defaultValue = "P1,P2,P3,P4,P5,P6",
            description = "Which scenarios to run (P3 needs P2). Default: ${DEFAULT-VALUE}.")
    List<String> scenarios;

    @Option(names = "--p6-seconds", defaultValue = "10",
            description = "Measured seconds of each of P6's eight workloads on each target. Default: ${DEFAULT-VALUE}.")
    int p6Seconds;

    @Option(names = "--serve-args", defaultValue = "",
            description = "Extra flags for every quicfiles server the suite starts, e.g. '--transport quic'.")
    String serveArgs;

    @Override
    public Integer call() throws Exception {
        Suite.Settings settings = new Suite.Settings(dist, work, seconds, profile, json, scenarios, p6Seconds,
                Arguments.words(serveArgs));
        return new Suite(settings).run(System.out);
    }
}
