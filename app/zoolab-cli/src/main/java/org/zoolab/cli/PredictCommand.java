package org.zoolab.cli;

import org.zoolab.train.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab predict}: the top classes of image files according to a trained model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify images with a trained model: top-5 labels with probabilities.",
                "  zoolab predict runs/lenet5-mnist-20261122-210000 digit.png",
                "A model trained with --pipeline gets the run's eval steps (decode, scale, mean, centre crop) from its run directory."})
public final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A run directory or a model file written by zoolab train (for a pipeline run: a model file inside its run directory).")
    Path model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG, GIF or BMP files.")
    List<Path> images;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        PrintStream o = System.out;
        Predictor p = Predictor.load(model);
        for (Path image : images) {
            List<Predictor.Guess> guesses = p.predict(image, top);
            o.println(image);
            int w = guesses.stream().mapToInt(g -> g.label().length()).max().orElse(5);
            w = Math.min(w, 40);
            for (int i = 0; i < guesses.size(); i++) {
                Predictor.Guess g = guesses.get(i);
                String label = g.label().length() > w ? g.label().substring(0, w - 1) + "…" : g.label();
                o.printf(Locale.ROOT, "  %d  %-" + w + "s  %6.2f%%%n", i + 1, label, 100 * g.probability());
            }
        }
        return Main.EXIT_OK;
    }
}
