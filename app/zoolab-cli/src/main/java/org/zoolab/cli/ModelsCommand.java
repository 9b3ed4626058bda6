package org.zoolab.cli;

import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelSummary;
import org.zoolab.zoo.Zoo;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code zoolab models}: one line per registered model with its year, paper, default input, trainable parameters
 * and multiply-accumulates per image, counted from the configuration (no weights are allocated).
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the zoo's models: year, paper, input, trainable parameters, MACs per image.")
final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"NAME", "YEAR", "PAPER", "INPUT (C,H,W)", "PARAMS", "MACS/IMAGE"});
        for (ModelInfo info : Zoo.models()) {
            ModelSummary s = Zoo.get(info.name()).summary();
            rows.add(new String[]{info.name(), Integer.toString(info.year()), info.paper(), info.inputShape(),
                    CountFormat.human(s.trainableParams()), CountFormat.human(s.macs())});
        }
        printAligned(out, rows, new boolean[]{false, false, false, false, true, true});
        out.println("PARAMS: trainable (batch-norm running statistics excluded); MACS: multiply-accumulates of "
                + "convolution and fully connected layers for one image at INPUT. K=1e3, M=1e6, G=1e9.");
        return Main.EXIT_OK;
    }

    /** Prints rows in columns two spaces apart; {@code right[i]} right-aligns column i. */
    static void printAligned(PrintStream out, List<String[]> rows, boolean[] right) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) line.append("  ");
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(right[i] ? pad + r[i] : (i == r.length - 1 ? r[i] : r[i] + pad));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
