package org.zoolab.viz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsneMapTest {

    /**
     * Three well separated 20-dimensional clusters stay separated in the map: at least 87 of the 90 points (97%) have a
     * nearest neighbour of their own cluster (t-SNE may strand a point or two between clusters).
     */
    @Test
    void separatedClustersStaySeparated(@TempDir Path tmp) throws Exception {
        Random r = new Random(1);
        StringBuilder csv = new StringBuilder(org.zoolab.train.FeatureCsv.header(20)).append('\n');
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            float[] v = new float[20];
            for (int d = 0; d < 20; d++) v[d] = (float) ((d % 3 == c ? 10 : 0) + r.nextGaussian());
            csv.append(org.zoolab.train.FeatureCsv.row("img" + i + ".png", "class, " + c, v)).append('\n');
        }
        Files.writeString(tmp.resolve("f.csv"), csv);
        TsneMap.Result m = TsneMap.write(tmp.resolve("f.csv"), tmp.resolve("map.png"), new TsneMap.Settings(15, 500, 3), null);
        assertThat(m.points()).hasNumberOfRows(90);
        assertThat(m.labels().get(1)).isEqualTo("class, 1");
        int agree = 0;
        for (int i = 0; i < 90; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 90; j++) {
                if (j == i) continue;
                double dx = m.points()[i][0] - m.points()[j][0], dy = m.points()[i][1] - m.points()[j][1];
                if (dx * dx + dy * dy < bestD) {
                    bestD = dx * dx + dy * dy;
                    best = j;
                }
            }
            if (best % 3 == i % 3) agree++;
        }
        assertThat(agree).isGreaterThanOrEqualTo(87);
        assertThat(m.kl()).isBetween(0.0, 1.0);
        assertThat(Files.size(tmp.resolve("map.png"))).isGreaterThan(1000);
    }

    @Test
    void affinitiesAreSymmetricAndSumToOne() {
        double[][] x = new double[12][3];
        Random r = new Random(2);
        for (double[] row : x) for (int d = 0; d < 3; d++) row[d] = r.nextGaussian();
        double[] p = TsneMap.affinities(x, 3);
        double sum = 0;
        for (int i = 0; i < 12; i++) {
            assertThat(p[i * 12 + i]).isZero();
            for (int j = 0; j < 12; j++) {
                assertThat(p[i * 12 + j]).isEqualTo(p[j * 12 + i]);
                sum += p[i * 12 + j];
            }
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void badCsvIsNamed(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x.csv"), "a,b,c\n1,2,3\n");
        assertThatThrownBy(() -> TsneMap.read(tmp.resolve("x.csv"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a features CSV");
        Files.writeString(tmp.resolve("y.csv"), "file,label,f0,f1\na,1,0.5,0.1\nb,1,zero,0.2\nc,2,1,1\n");
        assertThatThrownBy(() -> TsneMap.read(tmp.resolve("y.csv"))).isInstanceOf(BadInputException.class)
                .hasMessage(tmp.resolve("y.csv") + ", line 3: column 3 is not a number: 'zero'");
    }
}
