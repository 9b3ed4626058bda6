package org.zoolab.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RandomAreaCropTest {

    @Test
    void windowsStayWithinTheAreaAndAspectBoundsAndTheOutputIsExactlyTheSize() {
        RandomAreaCrop crop = RandomAreaCrop.paper(24);
        int h = 256, w = 341;
        double minFrac = 1, maxFrac = 0, minAspect = 10, maxAspect = 0;
        for (int seed = 0; seed < 2000; seed++) {
            Sample.CropWindow win = crop.window(h, w, new SplittableRandom(seed));
            assertThat(win.x()).isBetween(0, w - win.width());
            assertThat(win.y()).isBetween(0, h - win.height());
            double frac = (double) win.width() * win.height() / (h * w);
            double aspect = (double) win.width() / win.height();
            // rounding w and h to whole pixels moves the area and ratio by at most about one pixel per side
            assertThat(frac).isBetween(0.08 * 0.97, 1.0);
            assertThat(aspect).isBetween(0.75 * 0.97, 4.0 / 3 * 1.03);
            minFrac = Math.min(minFrac, frac);
            maxFrac = Math.max(maxFrac, frac);
            minAspect = Math.min(minAspect, aspect);
            maxAspect = Math.max(maxAspect, aspect);
        }
        // the draws cover the range
        assertThat(minFrac).isLessThan(0.1);
        assertThat(maxFrac).isGreaterThan(0.9);
        assertThat(minAspect).isLessThan(0.77);
        assertThat(maxAspect).isGreaterThan(1.3);
        Sample s = Sample.of(TestImages.coded(3, h, w), 0, "x");
        crop.apply(s, new SplittableRandom(5));
        assertThat(s.image().shape()).isEqualTo("3x24x24");
    }

    @Test
    void aFixedSeedReproducesTheCrop() {
        RandomAreaCrop crop = RandomAreaCrop.paper(16);
        Sample a = Sample.of(TestImages.coded(3, 40, 50), 0, "a");
        Sample b = Sample.of(TestImages.coded(3, 40, 50), 0, "b");
        crop.apply(a, new SplittableRandom(99));
        crop.apply(b, new SplittableRandom(99));
        assertThat(a.crop()).isEqualTo(b.crop());
        assertThat(a.image().data()).isEqualTo(b.image().data());
        Sample c = Sample.of(TestImages.coded(3, 40, 50), 0, "c");
        crop.apply(c, new SplittableRandom(100));
        assertThat(c.crop()).isNotEqualTo(a.crop());
        // the output is the recorded window resized
        FloatImage expected = Resampler.bilinear(RandomCrop.crop(TestImages.coded(3, 40, 50), a.crop()), 16, 16);
        assertThat(a.image().data()).isEqualTo(expected.data());
    }

    @Test
    void whenNoTryFitsTheCentralWindowWithTheAspectClampedIsTaken() {
        // an area of at least 90% at aspect 3 .. 4 never fits a square image: fall back to the centre, aspect 3
        RandomAreaCrop crop = new RandomAreaCrop(8, 0.9, 1.0, 3.0, 4.0);
        assertThat(crop.window(30, 30, new SplittableRandom(1))).isEqualTo(new Sample.CropWindow(0, 10, 30, 10));
        // a wide image inside the range is kept whole
        RandomAreaCrop wide = new RandomAreaCrop(8, 0.9, 1.0, 1.2, 1.5);
        assertThat(wide.window(1, 4000, new SplittableRandom(1))).isEqualTo(new Sample.CropWindow(1999, 0, 2, 1));
    }
}
