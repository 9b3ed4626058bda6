package org.zoolab.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PhotometricDistortionTest {

    private static FloatImage colours() {
        FloatImage img = new FloatImage(3, 4, 5);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = r.nextInt(256);
        }
        return img;
    }

    @Test
    void factorsOfOneAndJitterZeroLeaveTheImageAsItIs() {
        FloatImage img = colours();
        FloatImage b = img.copy();
        PhotometricDistortion.brightness(b, 1);
        FloatImage c = img.copy();
        PhotometricDistortion.contrast(c, 1);
        FloatImage s = img.copy();
        PhotometricDistortion.saturation(s, 1);
        assertThat(b.data()).isEqualTo(img.data());
        assertThat(c.data()).isEqualTo(img.data());
        assertThat(s.data()).isEqualTo(img.data());
        Sample sample = Sample.of(img.copy(), 0, "x");
        new PhotometricDistortion(0, 0, 0).apply(sample, new SplittableRandom(1));
        assertThat(sample.image().data()).isEqualTo(img.data());
    }

    @Test
    void saturationZeroGivesTheLuminanceInEveryChannelAndContrastZeroItsMean() {
        FloatImage img = colours();
        FloatImage grey = img.copy();
        PhotometricDistortion.saturation(grey, 0);
        int plane = 20;
        for (int i = 0; i < plane; i++) {
            float y = 0.299f * img.data()[i] + 0.587f * img.data()[plane + i] + 0.114f * img.data()[2 * plane + i];
            for (int c = 0; c < 3; c++) {
                assertThat(grey.data()[c * plane + i]).isCloseTo(y, within(1e-3f));
            }
        }
        FloatImage flat = img.copy();
        PhotometricDistortion.contrast(flat, 0);
        float[] y = PhotometricDistortion.luminance(img);
        double mean = 0;
        for (float v : y) {
            mean += v / y.length;
        }
        for (float v : flat.data()) {
            assertThat((double) v).isCloseTo(mean, within(1e-3));
        }
    }

    @Test
    void brightnessScalesAndClampsToThePixelRange() {
        FloatImage img = FloatImage.filled(3, 2, 2, 200);
        PhotometricDistortion.brightness(img, 1.5f);
        assertThat(img.data()).containsOnly(255f);
        FloatImage half = FloatImage.filled(1, 2, 2, 100);
        PhotometricDistortion.brightness(half, 0.5f);
        assertThat(half.data()).containsOnly(50f);
    }

    @Test
    void aFixedSeedReproducesAndFactorsStayInTheirRange() {
        PhotometricDistortion d = new PhotometricDistortion(0.4, 0.4, 0.4);
        Sample a = Sample.of(colours(), 0, "a");
        Sample b = Sample.of(colours(), 0, "b");
        d.apply(a, new SplittableRandom(17));
        d.apply(b, new SplittableRandom(17));
        assertThat(a.image().data()).isEqualTo(b.image().data());
        assertThat(a.image().data()).isNotEqualTo(colours().data());
        // brightness alone on a mid-grey image: 128 * f with f in [0.6, 1.4]
        PhotometricDistortion brightOnly = new PhotometricDistortion(0.4, 0, 0);
        float lo = 255, hi = 0;
        for (int seed = 0; seed < 500; seed++) {
            Sample s = Sample.of(FloatImage.filled(3, 1, 1, 128), 0, "g");
            brightOnly.apply(s, new SplittableRandom(seed));
            lo = Math.min(lo, s.image().data()[0]);
            hi = Math.max(hi, s.image().data()[0]);
        }
        assertThat(lo).isBetween(0.6f * 128, 0.62f * 128);
        assertThat(hi).isBetween(1.38f * 128, 1.4f * 128);
    }
}
