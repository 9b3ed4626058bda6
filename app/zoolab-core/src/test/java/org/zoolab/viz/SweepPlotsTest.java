package org.zoolab.viz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.sweep.ResultsTable;
import org.zoolab.sweep.SweepDefinition;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepPlotsTest {

    @Test
    void drawsScoreAgainstEverySweptKeyAndBestSoFar(@TempDir Path tmp) throws Exception {
        SweepDefinition d = SweepDefinition.parse("p.yaml", """
                base: {model: lenet5, data: mnist}
                space: {lr: {logUniform: [0.001, 0.1]}, model: {values: [lenet5, mlp]}, batch: 64}
                budget: {maxCandidates: 4}
                """, null);
        Files.writeString(tmp.resolve("results.csv"), """
                candidate,status,lr,model,batch,score,val_top1,val_loss,epochs,seconds,run,error
                0,ok,0.002,lenet5,64,0.5,0.5,1.2,2,10.0,candidates/c0000,
                1,failed,0.09,mlp,64,,,,0,1.0,candidates/c0001,"diverged, lr too high"
                2,ok,0.02,mlp,64,0.9,0.9,0.3,2,10.0,candidates/c0002,
                3,ok,0.05,lenet5,64,0.7,0.7,0.6,2,10.0,candidates/c0003,
                """);
        ResultsTable t = ResultsTable.read(tmp);
        assertThat(t.keys()).containsExactly("lr", "model", "batch");
        assertThat(t.rows().get(1).error()).isEqualTo("diverged, lr too high");
        List<Path> files = SweepPlots.write(t, d, tmp.resolve("plots"));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("score-vs-lr.png", "score-vs-model.png", "best-so-far.png");   // batch is fixed: no plot
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            assertThat(img.getWidth()).isEqualTo(800);
            assertThat(img.getHeight()).isEqualTo(500);
        }
        assertThat(t.best(d.score()).orElseThrow().candidate()).isEqualTo(2);
    }
}
