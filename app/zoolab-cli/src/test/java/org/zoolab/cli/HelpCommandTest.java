package org.zoolab.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} and {@code -h} on every registered command and subcommand: exit 0 and the command's usage. */
class HelpCommandTest {

    /** Every command path under {@code zoolab}, each once (aliases skipped), parents before children. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(new CommandLine(new Main()), new ArrayList<>(), paths, new IdentityHashMap<>());
        return paths;
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> out, Map<CommandLine, Boolean> seen) {
        if (seen.put(cmd, Boolean.TRUE) != null) return;
        out.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) continue;   // an alias
            List<String> child = new ArrayList<>(path);
            child.add(e.getKey());
            walk(e.getValue(), child, out, seen);
        }
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsUsage() {
        List<List<String>> paths = commandPaths();
        // the walk finds at least every command there is today (new ones are walked too)
        List<List<String>> known = new ArrayList<>();
        known.add(List.of());
        for (String c : List.of("help", "info", "models", "summary", "data", "demo", "train", "eval", "predict", "generate",
                "finetune", "features", "viz", "segment", "import", "export", "sweep")) known.add(List.of(c));
        for (String c : List.of("fetch", "list", "inspect", "mean", "preview")) known.add(List.of("data", c));
        for (String c : List.of("train", "eval", "pairs")) known.add(List.of("segment", c));
        for (String c : List.of("filters", "activations", "saliency", "tsne")) known.add(List.of("viz", c));
        assertThat(paths).containsAll(known);
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun run = CliRun.of(args.toArray(String[]::new));
                String command = String.join(" ", path);
                assertThat(run.exitCode()).as("zoolab %s %s: exit code (stderr: %s)", command, flag, run.err()).isZero();
                assertThat(run.out()).as("zoolab %s %s", command, flag)
                        .containsPattern("(?m)^Usage: " + Pattern.quote(path.isEmpty() ? "zoolab" : "zoolab " + command) + "( |$)");
                assertThat(run.err()).as("zoolab %s %s: stderr", command, flag).doesNotContain("Unknown option");
            }
        }
    }

    @Test
    void everyCommandDeclaresTheStandardHelpOptions() {
        List<String> without = new ArrayList<>();
        for (List<String> path : commandPaths()) {
            CommandLine cmd = new CommandLine(new Main());
            for (String name : path) cmd = cmd.getSubcommands().get(name);
            boolean help = cmd.getCommandSpec().mixinStandardHelpOptions()
                    || cmd.getCommand() instanceof CommandLine.HelpCommand;
            if (!help) without.add(String.join(" ", path));
        }
        assertThat(without).as("commands without mixinStandardHelpOptions").isEmpty();
    }
}
