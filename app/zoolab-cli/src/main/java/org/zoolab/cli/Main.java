package org.zoolab.cli;

import org.zoolab.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * The {@code zoolab} command. Exit codes: 0 ok, 1 the run failed, 2 bad usage or bad input.
 */
@Command(name = "zoolab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The landmark networks of deep learning on Deeplearning4j: build, train, evaluate, compare.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                PredictCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the run failed", "2:bad usage or bad input"})
public final class Main implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = {"-v", "--verbose", "--debug"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Show library logs and stack traces.")
    boolean verbose;

    @Option(names = "--backend", scope = CommandLine.ScopeType.INHERIT, paramLabel = "cpu|cuda|auto",
            description = "ND4J backend (default: ${DEFAULT-VALUE}). Chosen before ND4J loads.", defaultValue = "cpu")
    String backend;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return EXIT_OK;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int run(String... args) {
        boolean verbose = java.util.Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose") || a.equals("--debug"));
        Logging.configure(verbose);
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof BadInputException) {
                cmd.getErr().println("zoolab: error: " + ex.getMessage());
                if (verbose) ex.printStackTrace(cmd.getErr());
                return EXIT_BAD_INPUT;
            }
            cmd.getErr().println("zoolab: run failed: " + ex + (verbose ? "" : "  (-v shows the stack trace)"));
            if (verbose) ex.printStackTrace(cmd.getErr());
            return EXIT_FAILED;
        });
        cli.setExitCodeExceptionMapper(ex -> EXIT_BAD_INPUT);
        return cli.execute(args);
    }
}
