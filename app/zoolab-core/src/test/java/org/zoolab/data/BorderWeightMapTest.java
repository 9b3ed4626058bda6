package org.zoolab.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BorderWeightMapTest {

    static byte[] mask(String... rows) {
        int w = rows[0].length();
        byte[] m = new byte[rows.length * w];
        for (int y = 0; y < rows.length; y++) for (int x = 0; x < w; x++) m[y * w + x] = (byte) (rows[y].charAt(x) == '#' ? 1 : 0);
        return m;
    }

    /**
     * Two 2x2 squares in a 4x9 image, columns 0-1 and 7-8 of rows 1-2. N = 36, 8 object pixels, 28 background:
     * w_c = 36 / (2 * 28) on background, 36 / (2 * 8) = 2.25 on objects. Pixel (1, 4), midway: d1 = d2 = 3 (to
     * columns 1 and 7), so w = 36/56 + 10 exp(-36/50). Pixel (0, 4): both distances sqrt(1 + 9) (to (1, 1) and
     * (1, 7)), so w = 36/56 + 10 exp(-40/50). Pixel (1, 2): d1 = 1, d2 = 5.
     */
    @Test
    void twoSeparatedSquaresByHand() {
        byte[] m = mask(
                ".........",
                "##.....##",
                "##.....##",
                ".........");
        float[] w = BorderWeightMap.paper().weights(m, 4, 9);
        double bg = 36.0 / 56;
        assertThat((double) w[9 + 4]).isCloseTo(bg + 10 * Math.exp(-36.0 / 50), within(1e-6));
        assertThat((double) w[4]).isCloseTo(bg + 10 * Math.exp(-40.0 / 50), within(1e-6));
        assertThat((double) w[9 + 2]).isCloseTo(bg + 10 * Math.exp(-36.0 / 50), within(1e-6));
        assertThat((double) w[9 + 3]).isCloseTo(bg + 10 * Math.exp(-36.0 / 50), within(1e-6));
        // row 3, column 0: d1 = 1 (to (2, 0)), d2 = sqrt(1 + 49) (to (2, 7))
        assertThat((double) w[27]).isCloseTo(bg + 10 * Math.exp(-Math.pow(1 + Math.sqrt(50), 2) / 50), within(1e-6));
        // object pixels: the class weight only
        assertThat(w[9]).isEqualTo(2.25f);
        assertThat(w[9 + 8]).isEqualTo(2.25f);
        // symmetric image, symmetric map
        for (int y = 0; y < 4; y++) for (int x = 0; x < 9; x++) assertThat(w[y * 9 + x]).isEqualTo(w[y * 9 + 8 - x]);
        // w0 = 0 leaves the class balance alone
        float[] plain = new BorderWeightMap(0, 5).weights(m, 4, 9);
        assertThat((double) plain[13]).isCloseTo(bg, within(1e-7));
    }

    /**
     * One object: there is no second object, d2 is infinite and the border term vanishes, so the map is the class
     * balance: a single object pixel in 3x3 gets 9/(2*1) = 4.5, the 8 others 9/(2*8) = 0.5625. Pixels touching at a
     * corner are one object (8-connectivity), so a diagonal pair is one object too. No object at all: 1 everywhere.
     */
    @Test
    void singleObjectHasNoBorderTerm() {
        float[] one = BorderWeightMap.paper().weights(mask("...", ".#.", "..."), 3, 3);
        assertThat(one).containsExactly(0.5625f, 0.5625f, 0.5625f, 0.5625f, 4.5f, 0.5625f, 0.5625f, 0.5625f, 0.5625f);
        byte[] diagonal = mask("#..", ".#.", "...");
        int[] labels = new int[9];
        assertThat(BorderWeightMap.components(diagonal, 3, 3, labels)).isEqualTo(1);
        float[] d = BorderWeightMap.paper().weights(diagonal, 3, 3);
        assertThat(d).containsExactly(2.25f, 9f / 14, 9f / 14, 9f / 14, 2.25f, 9f / 14, 9f / 14, 9f / 14, 9f / 14);
        assertThat(BorderWeightMap.paper().weights(new byte[6], 2, 3)).containsOnly(1f);
        // two objects apart by one background pixel: d1 = d2 = 1, w = 3/(2*1) + 10 exp(-4/50)
        float[] gap = BorderWeightMap.paper().weights(mask("#.#"), 1, 3);
        assertThat((double) gap[1]).isCloseTo(1.5 + 10 * Math.exp(-4.0 / 50), within(1e-6));
        assertThat(gap[0]).isEqualTo(0.75f);
    }

    @Test
    void componentsAreNumberedInRowMajorOrder() {
        byte[] m = mask(
                "#..#",
                "#...",
                "..##");
        int[] labels = new int[12];
        assertThat(BorderWeightMap.components(m, 3, 4, labels)).isEqualTo(3);
        assertThat(labels).containsExactly(1, 0, 0, 2, 1, 0, 0, 0, 0, 0, 3, 3);
    }

    /** The Felzenszwalb-Huttenlocher transform is exact: equal to the brute-force nearest-site distance. */
    @Test
    void distanceTransformIsExactEuclidean() {
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int h = 1 + r.nextInt(13), w = 1 + r.nextInt(13);
            boolean[] sites = new boolean[h * w];
            double density = trial % 4 == 0 ? 0.02 : 0.15;
            for (int p = 0; p < sites.length; p++) sites[p] = r.nextDouble() < density;
            double[] d = BorderWeightMap.distanceTransform(sites, h, w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int q = 0; q < sites.length; q++) {
                        if (sites[q]) best = Math.min(best, Math.hypot(q / w - y, q % w - x));
                    }
                    assertThat(d[y * w + x]).as("trial %d (%d, %d)", trial, y, x).isCloseTo(best, within(1e-12));
                }
            }
        }
        assertThat(BorderWeightMap.distanceTransform(new boolean[6], 2, 3)).containsOnly(Double.POSITIVE_INFINITY);
        boolean[] corner = new boolean[12];
        corner[0] = true;
        assertThat(BorderWeightMap.distanceTransform(corner, 3, 4)[11]).isEqualTo(Math.sqrt(4 + 9));
    }
}
