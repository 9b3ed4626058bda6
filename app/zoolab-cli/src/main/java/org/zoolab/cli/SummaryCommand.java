package org.zoolab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.ModelSummary;
import org.zoolab.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code zoolab summary NAME [--input C,H,W] [--classes N] [--json]}: per layer its type, output shape,
 * parameters and multiply-accumulates, then the totals, all from the configuration (no weights allocated).
 */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Per-layer output shapes, parameters and MACs of a zoo model, and totals.")
final class SummaryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "A model name or alias (see `zoolab models`).")
    String name;

    @Option(names = "--input", paramLabel = "C,H,W", description = "Input channels,height,width (default: the paper's).")
    String input;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: the paper's).")
    Integer classes;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        ModelOptions.Builder options = ModelOptions.builder();
        if (input != null) {
            int[] chw = parseInput(input);
            options.input(chw[0], chw[1], chw[2]);
        }
        if (classes != null) {
            options.numClasses(classes);
        }
        ModelSummary s = Zoo.get(name, options.build()).summary();
        PrintStream out = System.out;
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(s));
            return Main.EXIT_OK;
        }
        out.println(s.name() + " at input " + join(s.input()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"LAYER", "TYPE", "OUTPUT", "PARAMS", "MACS"});
        for (ModelSummary.Row r : s.layers()) {
            String params = CountFormat.exact(r.trainableParams())
                    + (r.nonTrainableParams() > 0 ? " (+" + CountFormat.exact(r.nonTrainableParams()) + " stats)" : "");
            rows.add(new String[]{r.name(), r.type(), join(r.outputShape()), params, CountFormat.exact(r.macs())});
        }
        ModelsCommand.printAligned(out, rows, new boolean[]{false, false, false, true, true});
        out.println();
        out.println("trainable params:     " + CountFormat.exact(s.trainableParams()) + " (" + CountFormat.human(s.trainableParams()) + ")");
        out.println("non-trainable params: " + CountFormat.exact(s.nonTrainableParams())
                + (s.nonTrainableParams() > 0 ? " (batch-norm running mean and variance)" : ""));
        out.println("MACs per image:       " + CountFormat.exact(s.macs()) + " (" + CountFormat.human(s.macs()) + ")");
        return Main.EXIT_OK;
    }

    /** Parses "C,H,W" into three positive integers. */
    static int[] parseInput(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new BadInputException("--input: expected C,H,W (three positive integers, e.g. 3,224,224), got '" + text + "'");
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("--input: expected C,H,W (three positive integers, e.g. 3,224,224), got '" + text + "'");
            }
            if (v[i] < 1) {
                throw new BadInputException("--input: expected C,H,W (three positive integers, e.g. 3,224,224), got '" + text + "'");
            }
        }
        return v;
    }

    private static String join(List<Long> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }
}
