package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.backend.BackendChoice;
import org.zoolab.backend.BackendPlan;
import org.zoolab.backend.BackendSelector;
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
        description = "The landmark networks of deep learning on Deeplearning4j: build, train, evaluate, sweep, compare.",
        subcommands = {
                CommandLine.HelpCommand.class,
                InfoCommand.class,
                ModelsCommand.class,
                SummaryCommand.class,
                DataCommand.class,
                DemoCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                PredictCommand.class,
                GenerateCommand.class,
                FinetuneCommand.class,
                FeaturesCommand.class,
                VizCommand.class,
                SegmentCommand.class,
                ImportCommand.class,
                ExportCommand.class,
                SweepCommand.class,
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

    private static String backendReason = "cpu (default)";

    public static void main(String[] args) {
        System.exit(launch(args));
    }

    /**
     * Applies {@code --backend} before ND4J loads (starting a new JVM with ND4J's priority variables when this
     * one's environment would pick another backend), then runs the command.
     */
    static int launch(String... args) {
        BackendPlan plan;
        try {
            plan = BackendSelector.plan(BackendChoice.parse(backendArgument(args)), BackendSelector.currentFacts());
        } catch (BadInputException e) {
            System.err.println("zoolab: error: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (plan.restartJvm() && !JvmRestart.isRestarted()) {
            return JvmRestart.run(plan.environment(), Main.class, args);
        }
        backendReason = plan.reason();
        if (!plan.reason().startsWith("cpu: requested") && !plan.reason().startsWith("cuda: requested")) {
            System.err.println("zoolab: backend " + plan.reason());
        }
        return run(args);
    }

    /** The value of {@code --backend} in {@code args}, or null. */
    static String backendArgument(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--backend=")) return args[i].substring("--backend=".length());
            if (args[i].equals("--backend") && i + 1 < args.length) return args[i + 1];
            if (args[i].equals("--")) break;
        }
        return null;
    }

    /** One line saying which backend was chosen and why. */
    static String backendReason() {
        return backendReason;
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
