package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The three parts of the mean statistics: accumulation, the file and its checks (the eigen solver: PipelineTest). */
class MeanStatsTest {
    @TempDir
    Path root;

    ArrayImageSource source() {
        return new ArrayImageSource("two", 2, 3, 1, 2, i -> new byte[6], i -> 0, List.of("x"), root);
    }

    /** A 3x1x2 image whose value k (CHW order) is {@code base + k}. */
    static FloatImage image(float base) {
        float[] d = new float[6];
        for (int k = 0; k < 6; k++) d[k] = base + k;
        return new FloatImage(3, 1, 2, d);
    }

    @Test
    void mergedAccumulatorsGiveTheSumsOfOne() {
        MeanAccumulator one = new MeanAccumulator(3, 1, 2);
        MeanAccumulator a = new MeanAccumulator(3, 1, 2);
        MeanAccumulator b = new MeanAccumulator(3, 1, 2);
        for (float base : new float[]{0, 51, 102}) one.add(image(base));
        a.add(image(0));
        b.add(image(51));
        b.add(image(102));
        a.merge(b);
        assertThat(a.images()).isEqualTo(3);
        MeanStats m1 = one.finish("decoded", source(), 0);
        MeanStats m2 = a.finish("decoded", source(), 0);
        // value k of the three images: k, 51 + k, 102 + k; mean 51 + k; channel c holds k = 2c, 2c + 1
        assertThat(m2.meanImage().data()).containsExactly(51, 52, 53, 54, 55, 56);
        assertThat(m2.channelMean()).containsExactly(51.5, 53.5, 55.5);
        assertThat(m2.meanImage().data()).containsExactly(m1.meanImage().data());
        assertThat(m2.eigenvalues()).containsExactly(m1.eigenvalues(), within(1e-15));
        // every pixel is (v, v + 2, v + 4): all variance along (1, 1, 1) / sqrt 3
        double k = 1 / Math.sqrt(3);
        assertThat(m2.eigenvectors()[0]).containsExactly(new double[]{k, k, k}, within(1e-9));
        assertThat(m2.eigenvalues()[1]).isCloseTo(0, within(1e-12));
    }

    @Test
    void noImageIsAClearError() {
        assertThatThrownBy(() -> new MeanAccumulator(3, 1, 2).finish("decoded", source(), 2))
                .isInstanceOf(BadInputException.class)
                .hasMessage("two: no usable image to compute a mean from");
        MeanAccumulator acc = new MeanAccumulator(3, 1, 2);
        assertThatThrownBy(() -> acc.add(new FloatImage(1, 1, 2, new float[2])))
                .hasMessageStartingWith("expected 3 channels, got ");
    }

    @Test
    void theFileRoundTripsAndAnAlteredMeanImageIsRefused() throws Exception {
        MeanAccumulator acc = new MeanAccumulator(3, 1, 2);
        acc.add(image(0));
        acc.add(image(10));
        MeanStats m = acc.finish("warp 1x2", source(), 1);
        Path json = m.save(root);
        assertThat(json).isEqualTo(root.resolve("mean-warp-1x2.json"));
        MeanStats back = MeanStats.load(json);
        assertThat(back.key()).isEqualTo("warp 1x2");
        assertThat(back.images()).isEqualTo(2);
        assertThat(back.skipped()).isEqualTo(1);
        assertThat(back.channelMean()).containsExactly(m.channelMean());
        assertThat(back.meanImage().data()).containsExactly(5, 6, 7, 8, 9, 10);
        assertThat(back.eigenvalues()).containsExactly(m.eigenvalues());
        assertThat(back.fingerprint()).isEqualTo(source().fingerprint());

        Path bin = root.resolve("mean-warp-1x2.f32");
        byte[] raw = Files.readAllBytes(bin);
        raw[0] ^= 1;
        Files.write(bin, raw);
        assertThatThrownBy(() -> MeanStats.load(json))
                .isInstanceOf(BadInputException.class)
                .hasMessage(bin + ": SHA-256 differs from the one in " + json + " (file altered or half-written)");
        assertThatThrownBy(() -> MeanStats.load(root.resolve("none.json"))).hasMessage(root.resolve("none.json") + ": no such mean file");
    }
}
