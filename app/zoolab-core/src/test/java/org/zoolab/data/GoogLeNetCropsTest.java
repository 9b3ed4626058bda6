package org.zoolab.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GoogLeNetCropsTest {

    private static int index(int scale, int square, boolean mirrored, int crop) {
        return scale * 36 + square * 12 + (mirrored ? 6 : 0) + crop;
    }

    @Test
    void thePapersLayoutHas144CropsWithTheseOrigins() {
        GoogLeNetCrops crops = GoogLeNetCrops.paper();
        assertThat(crops.count()).isEqualTo(144);
        assertThat(crops.outputSize()).containsExactly(224, 224);
        // landscape 300 x 400: shorter side 256 gives 256 x 341, 352 gives 352 x 469
        List<GoogLeNetCrops.View> v = crops.layout(300, 400);
        assertThat(v).hasSize(144);
        assertThat(v.stream().filter(GoogLeNetCrops.View::mirrored)).hasSize(72);
        assertThat(v.stream().filter(x -> x.crop() == null)).hasSize(24);   // 4 scales x 3 squares x (square, mirror)
        GoogLeNetCrops.View first = v.get(0);
        assertThat(first).isEqualTo(new GoogLeNetCrops.View(256, new Sample.CropWindow(0, 0, 256, 256),
                new Sample.CropWindow(0, 0, 224, 224), false));
        // scale 256, centre square from x = (341 - 256) / 2 = 42, its top-right crop at x = 32
        assertThat(v.get(index(0, 1, false, 1))).isEqualTo(new GoogLeNetCrops.View(256, new Sample.CropWindow(42, 0, 256, 256),
                new Sample.CropWindow(32, 0, 224, 224), false));
        // scale 256, right square from x = 341 - 256 = 85, centre crop at (16, 16), mirrored
        assertThat(v.get(index(0, 2, true, 4))).isEqualTo(new GoogLeNetCrops.View(256, new Sample.CropWindow(85, 0, 256, 256),
                new Sample.CropWindow(16, 16, 224, 224), true));
        // scale 352, right square from x = 469 - 352 = 117, the whole square resized
        assertThat(v.get(index(3, 2, false, 5))).isEqualTo(new GoogLeNetCrops.View(352, new Sample.CropWindow(117, 0, 352, 352),
                null, false));
        // scale 320 (320 x 427): bottom-right crop of the left square at (96, 96)
        assertThat(v.get(index(2, 0, false, 3))).isEqualTo(new GoogLeNetCrops.View(320, new Sample.CropWindow(0, 0, 320, 320),
                new Sample.CropWindow(96, 96, 224, 224), false));
        // portrait 400 x 300: the squares go down (256 -> 341 x 256: top, y = 42, y = 85)
        List<GoogLeNetCrops.View> p = crops.layout(400, 300);
        assertThat(p.get(index(0, 1, false, 0)).square()).isEqualTo(new Sample.CropWindow(0, 42, 256, 256));
        assertThat(p.get(index(0, 2, false, 0)).square()).isEqualTo(new Sample.CropWindow(0, 85, 256, 256));
    }

    @Test
    void viewsAreTheLaidOutCropsOfTheRescaledImage() {
        GoogLeNetCrops crops = new GoogLeNetCrops(8, List.of(10, 12));
        FloatImage img = TestImages.coded(2, 15, 20);
        List<FloatImage> views = crops.views(img);
        List<GoogLeNetCrops.View> layout = crops.layout(15, 20);
        assertThat(views).hasSize(72).hasSize(crops.count());
        for (int i = 0; i < views.size(); i++) {
            GoogLeNetCrops.View v = layout.get(i);
            int[] hw = ScaleShorterSide.targetSize(15, 20, v.scale());
            FloatImage square = RandomCrop.crop(Resampler.bilinear(img, hw[0], hw[1]), v.square());
            FloatImage expected = v.crop() == null ? Resampler.bilinear(square, 8, 8) : RandomCrop.crop(square, v.crop());
            if (v.mirrored()) {
                expected = HorizontalMirror.mirror(expected);
            }
            assertThat(views.get(i).shape()).isEqualTo("2x8x8");
            assertThat(views.get(i).data()).as("view %d %s", i, v).isEqualTo(expected.data());
        }
        // 15 x 20 at shorter side 10: 10 x 13, so the centre square starts at x = 1; its top-left crop is pixel (0, 1) on
        assertThat(layout.get(index(0, 1, false, 0)).square()).isEqualTo(new Sample.CropWindow(1, 0, 10, 10));
    }
}
