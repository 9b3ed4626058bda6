package org.zoolab.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.viz.ConfusionMatrixPlot;
import org.zoolab.viz.LiveView;
import org.zoolab.viz.TrainingCurves;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plots, the live view and prediction on a real photo, with a model trained here. */
class ViewsTest {

    @Test
    void runPlotsConfusionMatrixLiveViewAndPredictOnAPhoto(@TempDir Path tmp) throws Exception {
        LiveView view = LiveView.start("127.0.0.1", 0);
        ModelInput input = new ModelInput(1, 8, 8, 0, "quadrants", List.of("top-left", "top-right", "bottom-left", "bottom-right"));
        Trainer t = TrainerTest.newRun(tmp.resolve("run"), 2, Trainer.Options.defaults(3).withLogEvery(2).withInput(input));
        t.addListener(view);
        TrainingResult r = t.fit();

        assertThat(view.url()).isEqualTo("http://127.0.0.1:" + view.port() + "/");
        HttpClient http = HttpClient.newHttpClient();
        String json = http.send(HttpRequest.newBuilder(URI.create(view.url() + "metrics.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(json).startsWith("{\"title\":\"" + tmp.resolve("run") + "\",\"status\":\"finished\",\"steps\":[[1,");
        assertThat(json).contains("\"epochs\":[[1,");
        String page = http.send(HttpRequest.newBuilder(URI.create(view.url())).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("fetch('metrics.json')");
        view.close();

        List<Path> plots = TrainingCurves.write(tmp.resolve("run/metrics.csv"), tmp.resolve("run/plots"));
        assertThat(plots).extracting(p -> p.getFileName().toString()).containsExactly("loss.png", "accuracy.png", "lr.png");
        for (Path p : plots) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertThat(img.getWidth()).isEqualTo(800);
            assertThat(img.getHeight()).isEqualTo(500);
        }
        Path cm = ConfusionMatrixPlot.write(r.lastValidation(), tmp.resolve("confusion.png"));
        BufferedImage img = ImageIO.read(cm.toFile());
        assertThat(img.getWidth()).isEqualTo(110 + 4 * 48 + 20);

        // predict: a real photo, scaled to the model's 8x8 grey input
        Predictor p = Predictor.load(tmp.resolve("run"));
        Path photo = Path.of(ViewsTest.class.getResource("/photos/chelsea-96.png").toURI());
        org.nd4j.linalg.api.ndarray.INDArray x = p.toInput(photo);
        assertThat(x.shape()).containsExactly(1, 1, 8, 8);
        assertThat(x.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(x.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        List<Predictor.Guess> guesses = p.predict(photo, 5);
        assertThat(guesses).hasSize(4);   // 4 classes: top-5 shows all four
        assertThat(guesses).extracting(Predictor.Guess::label).containsExactlyInAnyOrderElementsOf(input.classNames());
        assertThat(guesses.stream().mapToDouble(Predictor.Guess::probability).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(guesses.get(0).probability()).isGreaterThanOrEqualTo(guesses.get(1).probability());
        assertThat(Predictor.imagenetClasses()).hasSize(1000).startsWith("tench, Tinca tinca");
    }
}
