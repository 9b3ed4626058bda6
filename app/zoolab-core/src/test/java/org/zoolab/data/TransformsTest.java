package org.zoolab.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TransformsTest {

    @Test
    void randomCropTakesExactlyTheWindowItReports() throws Exception {
        FloatImage img = TestImages.coded(3, 10, 12);
        Set<String> positions = new HashSet<>();
        for (int seed = 0; seed < 500; seed++) {
            Sample s = Sample.of(img, 0, "x");
            new RandomCrop(8).apply(s, new SplittableRandom(seed));
            Sample.CropWindow w = s.crop();
            assertThat(s.image().shape()).isEqualTo("3x8x8");
            assertThat(w.width()).isEqualTo(8);
            assertThat(w.x()).isBetween(0, 4);
            assertThat(w.y()).isBetween(0, 2);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        assertThat(s.image().get(c, y, x)).isEqualTo(c * 10000 + (w.y() + y) * 100 + (w.x() + x));
                    }
                }
            }
            positions.add(w.x() + "," + w.y());
        }
        assertThat(positions).hasSize(5 * 3); // every window position occurs, corners included
    }

    @Test
    void randomCropWithPaddingReadsZerosOutsideTheImage() throws Exception {
        FloatImage img = FloatImage.filled(1, 4, 4, 7f);
        boolean sawCorner = false;
        for (int seed = 0; seed < 300; seed++) {
            Sample s = Sample.of(img, 0, "x");
            new RandomCrop(4, 2).apply(s, new SplittableRandom(seed));
            Sample.CropWindow w = s.crop();
            assertThat(w.x()).isBetween(-2, 2);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    int sy = w.y() + y;
                    int sx = w.x() + x;
                    boolean inside = sy >= 0 && sy < 4 && sx >= 0 && sx < 4;
                    assertThat(s.image().get(0, y, x)).isEqualTo(inside ? 7f : 0f);
                }
            }
            sawCorner |= w.x() == -2 && w.y() == -2;
        }
        assertThat(sawCorner).isTrue();
    }

    @Test
    void cropLargerThanTheImageIsABadFile() {
        Sample s = Sample.of(TestImages.coded(3, 20, 30), 0, "x");
        assertThatThrownBy(() -> new RandomCrop(224).apply(s, new SplittableRandom(1)))
                .isInstanceOf(BadImageException.class).hasMessage("image 30x20 is smaller than the 224x224 crop");
        assertThatThrownBy(() -> new CenterCrop(25).apply(s, new SplittableRandom(1)))
                .isInstanceOf(BadImageException.class).hasMessage("image 30x20 is smaller than the 25x25 crop");
    }

    @Test
    void centerCropTakesTheMiddleWindow() throws Exception {
        Sample s = Sample.of(TestImages.coded(1, 9, 12), 0, "x");
        new CenterCrop(4).apply(s, new SplittableRandom(1));
        assertThat(s.crop()).isEqualTo(new Sample.CropWindow(4, 2, 4, 4));
        assertThat(s.image().get(0, 0, 0)).isEqualTo(204f);
        assertThat(s.image().get(0, 3, 3)).isEqualTo(507f);
    }

    @Test
    void centerCropWithPaddingCentresTheImageInAZeroBorder() throws Exception {
        // 1x4x6 image, padded by 2 to 8x10, central 8x8 window: columns 1..8 of the padded image
        Sample s = Sample.of(TestImages.coded(1, 4, 6), 0, "x");
        new CenterCrop(8, 2).apply(s, new SplittableRandom(1));
        assertThat(s.crop()).isEqualTo(new Sample.CropWindow(-1, -2, 8, 8));
        assertThat(s.image().height()).isEqualTo(8);
        assertThat(s.image().width()).isEqualTo(8);
        assertThat(s.image().get(0, 2, 2)).isEqualTo(1f);     // source (0, 1)
        assertThat(s.image().get(0, 5, 6)).isEqualTo(305f);   // source (3, 5)
        assertThat(s.image().get(0, 0, 0)).isEqualTo(0f);     // padding
        assertThat(s.image().get(0, 7, 7)).isEqualTo(0f);     // padding
        // MNIST into LeNet-5: 28x28 centred in 32x32 exactly as the IDX reader's pad of 2 does
        Sample digit = Sample.of(TestImages.coded(1, 28, 28), 0, "d");
        new CenterCrop(32, 2).apply(digit, new SplittableRandom(1));
        assertThat(digit.crop()).isEqualTo(new Sample.CropWindow(-2, -2, 32, 32));
        assertThat(digit.image().get(0, 2 + 27, 2 + 27)).isEqualTo(2727f);
        assertThatThrownBy(() -> new CenterCrop(9, 1).apply(Sample.of(TestImages.coded(1, 4, 6), 0, "x"), new SplittableRandom(1)))
                .isInstanceOf(BadImageException.class).hasMessage("image 6x4 is smaller than the 9x9 crop (with padding 1)");
    }

    @Test
    void mirrorReversesColumnsAndNothingElse() {
        FloatImage img = TestImages.coded(3, 5, 7);
        Sample s = Sample.of(img, 0, "x");
        new HorizontalMirror(1.0).apply(s, new SplittableRandom(3));
        assertThat(s.mirrored()).isTrue();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    assertThat(s.image().get(c, y, x)).isEqualTo(c * 10000 + y * 100 + (6 - x)); // same row: never vertical
                }
            }
        }
        Sample kept = Sample.of(img, 0, "x");
        new HorizontalMirror(0.0).apply(kept, new SplittableRandom(3));
        assertThat(kept.image().data()).isEqualTo(img.data());
    }

    @Test
    void mirrorWithHalfProbabilityFlipsAboutHalf() {
        HorizontalMirror m = new HorizontalMirror(0.5);
        int flips = 0;
        for (int seed = 0; seed < 10000; seed++) {
            Sample s = Sample.of(FloatImage.filled(1, 1, 2, 0), 0, "x");
            m.apply(s, new SplittableRandom(seed));
            flips += s.mirrored() ? 1 : 0;
        }
        assertThat(flips).isBetween(4800, 5200);
    }

    @Test
    void tenCropReturnsCornersCentreAndTheirMirrors() throws Exception {
        FloatImage img = TestImages.coded(1, 10, 12);
        TenCrop tc = new TenCrop(6);
        assertThat(tc.windows(10, 12)).containsExactly(
                new Sample.CropWindow(0, 0, 6, 6), new Sample.CropWindow(6, 0, 6, 6),
                new Sample.CropWindow(0, 4, 6, 6), new Sample.CropWindow(6, 4, 6, 6),
                new Sample.CropWindow(3, 2, 6, 6));
        List<FloatImage> views = tc.views(img);
        assertThat(views).hasSize(10);
        int[][] origins = {{0, 0}, {6, 0}, {0, 4}, {6, 4}, {3, 2}};
        for (int v = 0; v < 10; v++) {
            int ox = origins[v % 5][0];
            int oy = origins[v % 5][1];
            boolean mirrored = v >= 5;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    int sx = ox + (mirrored ? 5 - x : x);
                    assertThat(views.get(v).get(0, y, x)).as("view %d (%d,%d)", v, y, x).isEqualTo((oy + y) * 100 + sx);
                }
            }
        }
    }

    @Test
    void averageViewsAveragesConsecutiveRows() {
        float[] probs = {1, 0, 0, 1, 0.5f, 0.5f, 0.2f, 0.8f};
        assertThat(TenCrop.averageViews(probs, 2, 2)).containsExactly(0.5f, 0.5f, 0.35f, 0.65f);
    }

    @Test
    void meanImageSubtractsThePixelMean() {
        FloatImage img = TestImages.coded(3, 2, 2);
        FloatImage mean = new FloatImage(3, 2, 2, new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Sample s = Sample.of(img.copy(), 0, "x");
        new MeanImage(mean).apply(s, null);
        assertThat(s.image().data()).containsExactly(-1, -1, 97, 97, 9995, 9995, 10093, 10093, 19991, 19991, 20089, 20089);
    }

    @Test
    void channelMeanSubtractsInRgbOrder() {
        Sample s = Sample.of(FloatImage.filled(3, 2, 2, 100), 0, "x");
        new ChannelMean(new float[]{10, 20, 30}).apply(s, null);
        assertThat(s.image().get(0, 1, 1)).isEqualTo(90f);
        assertThat(s.image().get(1, 0, 0)).isEqualTo(80f);
        assertThat(s.image().get(2, 0, 1)).isEqualTo(70f);
    }

    @Test
    void pcaNoiseAddsTheEigenCombinationPerImage() {
        double[][] vecs = {{0.6, 0.8, 0}, {0, 0, 1}, {0.8, -0.6, 0}};
        PcaColorNoise noise = new PcaColorNoise(0.1, new double[]{0.2, 0.02, 0.002}, vecs);
        float[] off = noise.offset(new double[]{1, 0.5, 0});
        // 255 * (1 * 0.2 * (0.6, 0.8, 0) + 0.5 * 0.02 * (0, 0, 1))
        assertThat(off[0]).isCloseTo(30.6f, within(1e-4f));
        assertThat(off[1]).isCloseTo(40.8f, within(1e-4f));
        assertThat(off[2]).isCloseTo(2.55f, within(1e-4f));

        Sample a = Sample.of(FloatImage.filled(3, 4, 4, 100), 0, "x");
        noise.apply(a, new SplittableRandom(42));
        SplittableRandom r = new SplittableRandom(42);
        float[] expected = noise.offset(new double[]{r.nextGaussian() * 0.1, r.nextGaussian() * 0.1, r.nextGaussian() * 0.1});
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 16; i++) {
                assertThat(a.image().data()[c * 16 + i]).isEqualTo(100 + expected[c]);
            }
        }
    }

    @Test
    void scaleShorterSideKeepsTheAspectRatio() {
        Sample s = Sample.of(FloatImage.filled(3, 300, 400, 5), 0, "x");
        ScaleShorterSide.fixed(256).apply(s, new SplittableRandom(0));
        assertThat(s.image().shape()).isEqualTo("3x256x341");
        assertThat(s.image().get(1, 100, 200)).isCloseTo(5f, within(1e-4f));
        assertThat(ScaleShorterSide.targetSize(500, 375, 256)).containsExactly(341, 256);
        Set<Integer> sides = new HashSet<>();
        ScaleShorterSide jitter = new ScaleShorterSide(256, 260);
        for (int seed = 0; seed < 200; seed++) {
            Sample t = Sample.of(FloatImage.filled(1, 30, 40, 0), 0, "x");
            jitter.apply(t, new SplittableRandom(seed));
            sides.add(t.image().height());
        }
        assertThat(sides).containsExactlyInAnyOrder(256, 257, 258, 259, 260);
    }

    @Test
    void bilinearResizeAveragesWhenReducingAndKeepsConstants() {
        // halving: a triangle filter stretched to radius 2 (PIL's antialiased bilinear); output 0 is centred at
        // source coordinate 1.0 and reads pixels 0, 1, 2 with weights 0.75, 0.75, 0.25 (normalised by 1.75)
        FloatImage out = Resampler.bilinear(new FloatImage(1, 1, 4, new float[]{0, 2, 10, 10}), 1, 2);
        assertThat(out.data()[0]).isCloseTo((0 * 0.75f + 2 * 0.75f + 10 * 0.25f) / 1.75f, within(1e-5f));
        assertThat(out.data()[1]).isCloseTo((2 * 0.25f + 10 * 0.75f + 10 * 0.75f) / 1.75f, within(1e-5f));
        // a 10x reduction reads every source pixel (no aliasing): a one-pixel dot is still seen
        float[] dot = new float[100];
        dot[55] = 100;
        assertThat(Resampler.bilinear(new FloatImage(1, 1, 100, dot), 1, 10).data()[5]).isGreaterThan(0f);
        FloatImage up = Resampler.bilinear(FloatImage.filled(3, 5, 7, 42), 11, 13);
        for (float v : up.data()) {
            assertThat(v).isCloseTo(42f, within(1e-4f));
        }
        FloatImage warped = Resampler.bilinear(TestImages.coded(1, 8, 8), 8, 8);
        assertThat(warped.data()).isEqualTo(TestImages.coded(1, 8, 8).data());
    }

    @Test
    void maskMovesWithTheImageAndIsNeverBlended() throws Exception {
        FloatImage img = new FloatImage(1, 12, 16);
        FloatImage mask = new FloatImage(1, 12, 16);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                img.set(0, y, x, x);
                mask.set(0, y, x, x < 8 ? 0 : 1);
            }
        }
        for (int seed = 0; seed < 50; seed++) {
            Sample s = new Sample(img, mask, -1, "x");
            SplittableRandom rng = new SplittableRandom(seed);
            new ScaleShorterSide(18, 30).apply(s, rng);
            new RandomCrop(10).apply(s, rng);
            new HorizontalMirror(0.5).apply(s, rng);
            assertThat(s.mask().shape()).isEqualTo("1x10x10");
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    float m = s.mask().get(0, y, x);
                    assertThat(m).isIn(0f, 1f);
                    // the image value is the (interpolated) source column: left of 7.5 exactly where the mask says 0
                    float col = s.image().get(0, y, x);
                    if (Math.abs(col - 7.5f) > 1.0f) {
                        assertThat(m).as("seed %d y %d x %d col %f", seed, y, x, col).isEqualTo(col < 7.5f ? 0f : 1f);
                    }
                }
            }
        }
    }
}
