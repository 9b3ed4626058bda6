package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.sweep.Dimension;
import org.zoolab.sweep.ResultsTable;
import org.zoolab.sweep.Sweep;
import org.zoolab.sweep.SweepDefinition;
import org.zoolab.viz.SweepPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code zoolab sweep}: a hyperparameter sweep from a sweep file, or the continuation of one. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sweep hyperparameters of an experiment with Arbiter: random or grid search over a space declared in YAML.",
                "Running the same command again resumes the sweep: finished candidates are not run again.",
                "  zoolab sweep sweeps/lenet5-lr-momentum.yaml",
                "  zoolab sweep --resume runs/sweep-lenet5-lr-momentum"})
public final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Sweep file (see sweeps/*.yaml).")
    Path file;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep stored in DIR (its sweep.yaml).")
    Path resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (default: runs/sweep-NAME).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live (default: $ZOOLAB_DATA or ~/.zoolab/data).")
    Path dataDir;

    @Override
    public Integer call() {
        PrintStream o = System.out;
        Sweep sweep;
        if (resume != null) {
            if (file != null || out != null) throw new BadInputException("--resume DIR continues the sweep in DIR: give no FILE or --out with it");
            sweep = Sweep.resume(resume, dataDir);
        } else {
            if (file == null) throw new BadInputException("no sweep: give FILE (a sweep file) or --resume DIR");
            SweepDefinition d = SweepDefinition.read(file);
            sweep = Sweep.open(d, out != null ? out : Path.of("runs", "sweep-" + d.name()), dataDir);
        }
        SweepDefinition d = sweep.definition();
        o.printf(Locale.ROOT, "%-8s %s: %s search over %s%n", "sweep", d.name(), d.search().generator().name().toLowerCase(Locale.ROOT),
                d.sweptDimensions().stream().map(x -> x.key().yamlName() + " (" + x.describe() + ")").collect(Collectors.joining(", ")));
        o.printf(Locale.ROOT, "%-8s %s on %s%s, %s epochs per candidate; score: %s%n", "base", d.base().model(), d.base().data(),
                d.limit() == null ? "" : " (" + limit(d.limit()) + ")", d.epochs() == null ? "the recipe's" : d.epochs().toString(),
                d.score().describe());

        Listener listener = new Listener(o, d);
        sun.misc.SignalHandler previous = null;
        boolean[] asked = {false};
        try {
            previous = sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                if (asked[0]) {
                    System.err.println("\nzoolab: stopping now");
                    Runtime.getRuntime().halt(130);
                }
                asked[0] = true;
                System.err.println("\nzoolab: stopping the sweep after the candidates' current step (Ctrl-C again to quit at once)");
                sweep.requestStop();
            });
        } catch (IllegalArgumentException e) {
            // no SIGINT on this platform
        }
        Sweep.Outcome r;
        try {
            r = sweep.run(listener);
        } finally {
            if (previous != null) sun.misc.Signal.handle(new sun.misc.Signal("INT"), previous);
        }
        var plots = SweepPlots.write(sweep.table(), d, r.directory().resolve("plots"));
        long ok = r.rows().stream().filter(x -> x.status() == ResultsTable.Status.OK).count();
        long failed = r.rows().stream().filter(x -> x.status() == ResultsTable.Status.FAILED).count();
        o.printf(Locale.ROOT, "%-8s %d candidates: %d ok, %d failed%s%n", r.stopped() ? "stopped" : "done", r.rows().size(), ok, failed,
                r.stopped() ? "; run the same command again to resume" : "");
        if (r.best().isPresent()) {
            ResultsTable.Row b = r.best().get();
            o.printf(Locale.ROOT, "%-8s candidate %d: %s -> %s%n", "best", b.candidate(), values(b.values(), d), score(b.score(), d));
            o.printf(Locale.ROOT, "%-8s zoolab train --experiment %s%n", "train it", r.bestExperiment());
            o.printf(Locale.ROOT, "%-8s %s%n", "model", r.bestModel());
        }
        o.printf(Locale.ROOT, "%-8s %s%n", "results", sweep.table().file());
        o.printf(Locale.ROOT, "%-8s %s (%d files)%n", "plots", r.directory().resolve("plots"), plots.size());
        if (r.stopped()) return 130;
        return ok == 0 && !r.rows().isEmpty() ? Main.EXIT_FAILED : Main.EXIT_OK;
    }

    private static String limit(SweepDefinition.DataLimit l) {
        StringBuilder sb = new StringBuilder();
        if (l.train() != null) sb.append(String.format(Locale.ROOT, "%,d training images", l.train()));
        if (l.validation() != null) sb.append(sb.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%,d validation images", l.validation()));
        return sb.toString();
    }

    static String values(Map<String, ?> values, SweepDefinition d) {
        StringBuilder sb = new StringBuilder();
        for (Dimension dim : d.sweptDimensions()) {
            Object v = values.get(dim.key().yamlName());
            String s = String.valueOf(v);
            if (dim.key().type() == org.zoolab.sweep.SweptKey.Type.REAL && !s.isEmpty()) {
                s = String.format(Locale.ROOT, "%.4g", Double.parseDouble(s));
            }
            if (sb.length() > 0) sb.append(' ');
            sb.append(dim.key().yamlName()).append(' ').append(s);
        }
        return sb.toString();
    }

    static String score(double s, SweepDefinition d) {
        if (Double.isNaN(s)) return "-";
        return d.score().metric() == SweepDefinition.Metric.VAL_TOP1
                ? String.format(Locale.ROOT, "val_top1 %.2f%%", 100 * s) : String.format(Locale.ROOT, "val_loss %.4f", s);
    }

    /** Prints one line per candidate: done/total, its values and score, the best so far, time left. */
    static final class Listener implements Sweep.Listener {
        private final PrintStream o;
        private final SweepDefinition d;

        Listener(PrintStream o, SweepDefinition d) {
            this.o = o;
            this.d = d;
        }

        @Override
        public synchronized void planned(Sweep.Plan p) {
            String total = p.total() < 0 ? "until the time budget" : p.total() + " candidates";
            o.printf(Locale.ROOT, "%-8s %s%s%s%n", "plan", total, p.gridSize() > 0 ? " (grid of " + p.gridSize() + ")" : "",
                    p.alreadyDone() > 0 ? "; resuming: " + p.alreadyDone() + " already done" : "");
            o.printf(Locale.ROOT, "%-8s %s%n", "dir", p.directory());
        }

        @Override
        public synchronized void candidateEnded(ResultsTable.Row row, Sweep.Progress p) {
            String total = p.total() < 0 ? "?" : Long.toString(p.total());
            String result = switch (row.status()) {
                case OK -> score(row.score(), d);
                case FAILED -> "failed: " + row.error();
                default -> row.status().csv();
            };
            String best = p.best() == null ? "-" : score(p.best().score(), d) + " (c" + p.best().candidate() + ")";
            o.printf(Locale.ROOT, "[%d/%s] c%04d  %s  %s  %s  | best %s | left %s%n", p.done(), total, row.candidate(),
                    values(row.values(), d), result, ProgressDisplay.clock(Math.round(row.seconds())), best,
                    p.left() == null ? "?" : "~" + ProgressDisplay.clock(p.left().toSeconds()));
        }
    }
}
