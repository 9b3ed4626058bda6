package org.zoolab.examples;

import org.zoolab.train.Predictor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Example (library API, run as a test): a plain Java program that classifies every image in a folder with a
 * model trained by {@code zoolab train}, 32 images per forward pass.
 * <pre>
 *   java -cp zoolab-core.jar:... org.zoolab.examples.ClassifyFolder runs/lenet5-mnist/final.zip ~/digits
 * </pre>
 * Prints one line per image: file name, best class, its probability, the next two classes.
 */
public final class ClassifyFolder {
    private ClassifyFolder() {
    }

    public static void main(String[] args) throws IOException {
        classify(Path.of(args[0]), Path.of(args[1]), System.out);
    }

    public static void classify(Path model, Path folder, PrintStream out) throws IOException {
        Predictor predictor = Predictor.load(model);          // a model file or a run directory
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().matches("(?i).*\\.(png|jpe?g|gif|bmp)")).sorted().toList();
        }
        for (int from = 0; from < files.size(); from += 32) {
            List<Path> batch = files.subList(from, Math.min(files.size(), from + 32));
            List<BufferedImage> images = new ArrayList<>();
            for (Path f : batch) images.add(ImageIO.read(f.toFile()));
            List<List<Predictor.Guess>> answers = predictor.predictAll(images, 3);
            for (int i = 0; i < batch.size(); i++) {
                List<Predictor.Guess> top = answers.get(i);
                out.printf(Locale.ROOT, "%s\t%s\t%.4f\t%s %s%n", batch.get(i).getFileName(), top.get(0).label(),
                        top.get(0).probability(), top.get(1).label(), top.get(2).label());
            }
        }
    }
}
