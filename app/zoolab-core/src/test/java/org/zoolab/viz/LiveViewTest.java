package org.zoolab.viz;

import org.junit.jupiter.api.Test;
import org.zoolab.train.EvaluationResult;
import org.zoolab.train.RunListener;
import org.zoolab.train.TrainingResult;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live view as a run listener: the JSON it serves for a given sequence of events, and its thinning. */
class LiveViewTest {

    @Test
    void servesTheEventsItHeardAsJson() throws Exception {
        try (LiveView view = LiveView.start("127.0.0.1", 0)) {
            view.started(new RunListener.Start(Path.of("runs", "a"), 2, 3, 0, 0, false));
            view.step(new RunListener.Step(1, 1, 1, 2.5, 0.1, 250.0));
            view.step(new RunListener.Step(1, 2, 2, 1.25, 0.1, 300.0));
            view.epochEnded(new RunListener.Epoch(1, 1.875, new EvaluationResult(4, 0.75, 0.5, 1.0, null, List.of()), 0.01, 3.5));
            view.epochEnded(new RunListener.Epoch(2, 1.5, null, 0.01, 7.0));
            view.note("learning rate 0.1 -> 0.01 (\"quoted\")");
            assertThat(view.json()).isEqualTo("{\"title\":\"runs/a\",\"status\":\"epoch 1, iteration 2\","
                    + "\"steps\":[[1,2.50000,0.100000,250],[2,1.25000,0.100000,300]],"
                    + "\"epochs\":[[1,1.87500,0.750000,0.500000,1],[2,1.50000,null,null,null]],"
                    + "\"notes\":[\"learning rate 0.1 -> 0.01 (\\\"quoted\\\")\"]}");
            view.finished(new TrainingResult(TrainingResult.Status.EARLY_STOPPED, Path.of("runs", "a"), 2, 6, 7.0, null, null));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(view.url() + "metrics.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).startsWith("{\"title\":\"runs/a\",\"status\":\"early stopped\",");
        }
    }

    @Test
    void keepsFewerThan2000StepsByHalvingTheirDensity() throws Exception {
        try (LiveView view = LiveView.start("127.0.0.1", 0)) {
            for (int i = 1; i <= 2000; i++) view.step(new RunListener.Step(1, i, i, 1.0, 0.1, 1.0));
            // at the 2000th point every other one is dropped (1000 kept: 1, 3, ..., 1999); from then on every 2nd step
            String json = view.json();
            assertThat(json).contains("\"steps\":[[1,1,0.100000,1],[3,1,").contains("[1999,1,0.100000,1]]");
            assertThat(json.split("\\],\\[", -1)).hasSize(1000);
            view.step(new RunListener.Step(1, 2001, 2001, 1.0, 0.1, 1.0));   // kept: 2000 calls seen, 2000 % 2 == 0
            view.step(new RunListener.Step(1, 2002, 2002, 1.0, 0.1, 1.0));   // skipped
            assertThat(view.json()).contains("[1999,1,0.100000,1],[2001,1,0.100000,1]]");
        }
    }
}
