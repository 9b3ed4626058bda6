package org.zoolab.data;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ElasticDeformationTest {

    static float[] randomImage(int channels, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] img = new float[channels * h * w];
        for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
        return img;
    }

    /** A disc of radius 7 around (12, 14) in a 32x32 mask. */
    static byte[] disc() {
        byte[] m = new byte[32 * 32];
        for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) m[y * 32 + x] = (byte) ((y - 12) * (y - 12) + (x - 14) * (x - 14) <= 49 ? 1 : 0);
        return m;
    }

    @Test
    void sigmaZeroIsTheIdentity() {
        ElasticDeformation off = new ElasticDeformation(0);
        assertThat(off.isIdentity()).isTrue();
        ElasticDeformation.Field f = off.sample(32, 32, new SplittableRandom(1));
        float[] img = randomImage(3, 32, 32, 2);
        byte[] m = disc();
        assertThat(f.warpImage(img, 3)).isEqualTo(img);
        assertThat(f.warpMask(m)).isEqualTo(m);
        assertThatThrownBy(() -> new ElasticDeformation(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A field built from zero node vectors is zero at every pixel and gives back image and mask bit for bit. */
    @Test
    void zeroDisplacementFieldChangesNothing() {
        ElasticDeformation.Field f = new ElasticDeformation.Field(17, 23, new double[3][3][2]);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                assertThat(f.dy(y, x)).isZero();
                assertThat(f.dx(y, x)).isZero();
            }
        }
        float[] img = randomImage(2, 17, 23, 3);
        assertThat(f.warpImage(img, 2)).isEqualTo(img);
        byte[] m = new byte[17 * 23];
        for (int i = 0; i < m.length; i++) m[i] = (byte) (i % 3 == 0 ? 1 : 0);
        assertThat(f.warpMask(m)).isEqualTo(m);
    }

    /**
     * The nodes get rng.nextGaussian() * sigma in node order, dy before dx, and the interpolated field equals them
     * exactly at the nodes (on a 33x33 image the nodes are the pixels 0, 16 and 32 of each axis).
     */
    @Test
    void displacementAtTheNodesIsTheSampledVector() {
        ElasticDeformation.Field f = new ElasticDeformation(10).sample(33, 33, new SplittableRandom(7));
        SplittableRandom again = new SplittableRandom(7);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dy = again.nextGaussian() * 10, dx = again.nextGaussian() * 10;
                assertThat(f.node(i, j)).containsExactly(dy, dx);
                assertThat(f.nodeRow(i)).isEqualTo(16.0 * i);
                assertThat(f.nodeColumn(j)).isEqualTo(16.0 * j);
                assertThat(f.dy(16 * i, 16 * j)).isEqualTo(dy);
                assertThat(f.dx(16 * i, 16 * j)).isEqualTo(dx);
            }
        }
        // an even size puts the middle nodes between pixels: the continuous field still passes through them
        ElasticDeformation.Field even = new ElasticDeformation(10).sample(64, 64, new SplittableRandom(8));
        assertThat(even.at(31.5, 31.5)).containsExactly(even.node(1, 1));
        assertThat(even.at(63, 0)).containsExactly(even.node(2, 0));
        // between the nodes the field stays within Keys' overshoot bound: the absolute 1-D weights sum to at most
        // 1.125 (at t = 1/2), so no pixel moves more than 1.125^2 times the largest node vector component
        double maxNode = 0;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (double v : even.node(i, j)) maxNode = Math.max(maxNode, Math.abs(v));
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertThat(Math.abs(even.dy(y, x))).isLessThanOrEqualTo(1.265625 * maxNode + 1e-12);
                assertThat(Math.abs(even.dx(y, x))).isLessThanOrEqualTo(1.265625 * maxNode + 1e-12);
            }
        }
    }

    /** Keys' kernel: interpolating (1 at 0, 0 at +-1 and +-2), weights summing to 1, Catmull-Rom's value at 1/2. */
    @Test
    void cubicKernelInterpolates() {
        assertThat(ElasticDeformation.keys(0)).isEqualTo(1.0);
        assertThat(ElasticDeformation.keys(1)).isEqualTo(0.0);
        assertThat(ElasticDeformation.keys(-2)).isEqualTo(0.0);
        assertThat(ElasticDeformation.keys(0.5)).isEqualTo(0.5625);
        assertThat(ElasticDeformation.keys(1.5)).isEqualTo(-0.0625);
        for (double t = 0; t < 1; t += 0.125) {
            double sum = ElasticDeformation.keys(t + 1) + ElasticDeformation.keys(t) + ElasticDeformation.keys(1 - t) + ElasticDeformation.keys(2 - t);
            assertThat(sum).isCloseTo(1.0, within(1e-15));
        }
    }

    /** All nodes (0, 2): every pixel moves by exactly 2 columns, so output column x shows input column x + 2. */
    @Test
    void constantFieldIsAShift() {
        double[][][] nodes = new double[3][3][];
        for (double[][] row : nodes) for (int j = 0; j < 3; j++) row[j] = new double[]{0, 2};
        ElasticDeformation.Field f = new ElasticDeformation.Field(32, 32, nodes);
        float[] img = randomImage(1, 32, 32, 4);
        float[] out = f.warpImage(img, 1);
        byte[] m = f.warpMask(disc());
        byte[] d = disc();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 30; x++) {
                assertThat(out[y * 32 + x]).isCloseTo(img[y * 32 + x + 2], within(1e-5f));
                assertThat(m[y * 32 + x]).isEqualTo(d[y * 32 + x + 2]);
            }
            // past the right edge the last column repeats
            assertThat(out[y * 32 + 31]).isCloseTo(img[y * 32 + 31], within(1e-5f));
        }
    }

    /** Same seed, same deformation; another seed, another; the mask stays 0/1 and the deformation moves it. */
    @Test
    void deterministicUnderASeedAndMasksStayBinary() {
        ElasticDeformation e = new ElasticDeformation(10);
        float[] img = randomImage(3, 32, 32, 5);
        byte[] m = disc();
        float[] a = e.sample(32, 32, Pipeline.sampleRandom(42, 3, 17)).warpImage(img, 3);
        float[] b = e.sample(32, 32, Pipeline.sampleRandom(42, 3, 17)).warpImage(img, 3);
        float[] c = e.sample(32, 32, Pipeline.sampleRandom(42, 4, 17)).warpImage(img, 3);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        int moved = 0;
        for (int s = 0; s < 20; s++) {
            byte[] w = e.sample(32, 32, new SplittableRandom(s)).warpMask(m);
            for (byte v : w) assertThat(v).isIn((byte) 0, (byte) 1);
            if (!java.util.Arrays.equals(w, m)) moved++;
        }
        assertThat(moved).isEqualTo(20);
        // deformed image values stay within the input's range (bilinear sampling only mixes neighbours)
        for (float v : a) assertThat(v).isBetween(0f, 1f);
    }
}
