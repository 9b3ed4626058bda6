package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PipelineTest {
    private static final String AUGMENT = """
            name: aug
            source: {type: class-folder, dataset: test}
            train:
              - scale-shorter-side: {min: 24, max: 40}
              - random-crop: {size: 20}
              - horizontal-mirror: {p: 0.5}
            eval:
              - scale-shorter-side: {size: 24}
              - center-crop: {size: 20}
            eval-modes: [center, ten-crop]
            batch-size: 5
            prefetch: 3
            decode-threads: 2
            """;

    @TempDir
    Path root;

    private ClassFolderReader photos(int perClass) {
        SplittableRandom r = new SplittableRandom(11);
        for (String cls : List.of("cat", "dog", "fox")) {
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(30 + r.nextInt(20), 30 + r.nextInt(20), BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        img.setRGB(x, y, r.nextInt(0x1000000));
                    }
                }
                TestImages.write(root.resolve(cls + "/" + i + ".png"), TestImages.png(img));
            }
        }
        return ClassFolderReader.open(root, ImageDecoder.rgb(), new BadFileReport(false));
    }

    private static List<Batch> epoch(Pipeline p, long seed, int epoch, int threads) {
        List<Batch> out = new ArrayList<>();
        try (PrefetchIterator it = p.batches(seed, epoch, new BadFileReport(false), 5, threads, 3)) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameBatchesWhateverTheThreads() {
        ClassFolderReader src = photos(4);
        Pipeline p = Pipeline.train(PipelineSpec.parse("aug.yaml", AUGMENT), src, null);
        List<Batch> a = epoch(p, 42, 0, 1);
        List<Batch> b = epoch(p, 42, 0, 2);
        List<Batch> c = epoch(p, 43, 0, 2);
        List<Batch> nextEpoch = epoch(p, 42, 1, 2);
        assertThat(a).hasSize(3);
        assertThat(a.get(0).shape()).containsExactly(5, 3, 20, 20);
        assertThat(a.get(2).examples()).isEqualTo(2);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).features()).isEqualTo(a.get(i).features());
            assertThat(b.get(i).labels()).isEqualTo(a.get(i).labels());
            assertThat(b.get(i).names()).isEqualTo(a.get(i).names());
        }
        assertThat(c.get(0).features()).isNotEqualTo(a.get(0).features());
        assertThat(nextEpoch.get(0).names()).isNotEqualTo(a.get(0).names());
        List<String> all = new ArrayList<>();
        a.forEach(x -> all.addAll(x.names()));
        assertThat(all).hasSize(12).doesNotHaveDuplicates();
        // labels travel with their files
        for (Batch x : a) {
            for (int i = 0; i < x.examples(); i++) {
                assertThat(Path.of(x.names().get(i)).getParent().getFileName().toString())
                        .isEqualTo(src.classIds().get(x.labels()[i]));
            }
        }
    }

    @Test
    void evalKeepsTheOrderAndTenCropGivesTenViewsPerImage() throws Exception {
        ClassFolderReader src = photos(2);
        PipelineSpec spec = PipelineSpec.parse("aug.yaml", AUGMENT);
        Pipeline centre = Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.CENTER);
        Batch first = epoch(centre, 1, 0, 2).get(0);
        assertThat(first.names()).containsExactly(src.name(0), src.name(1), src.name(2), src.name(3), src.name(4));

        Pipeline ten = Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.TEN_CROP);
        assertThat(ten.describe()).isEqualTo("scale-shorter-side 24 -> ten-crop 20");
        Batch b = epoch(ten, 1, 0, 2).get(0);
        assertThat(b.examples()).isEqualTo(50);
        assertThat(b.views()).isEqualTo(10);
        // view 4 of image 0 is its centre crop, view 9 the mirrored centre crop
        Sample s = src.load(0);
        ScaleShorterSide.fixed(24).apply(s, null);
        FloatImage centreCrop = RandomCrop.crop(s.image(), CenterCrop.window(s.image().height(), s.image().width(), 20));
        assertThat(b.image(4).data()).isEqualTo(centreCrop.data());
        assertThat(b.image(9).data()).isEqualTo(HorizontalMirror.mirror(centreCrop).data());
        assertThat(b.image(0).data()).isEqualTo(RandomCrop.crop(s.image(), new Sample.CropWindow(0, 0, 20, 20)).data());
        for (int v = 0; v < 10; v++) {
            assertThat(b.labels()[v]).isEqualTo(src.label(0));
        }
    }

    @Test
    void the144CropAndDenseModesReplaceTheRescaleAndCentreCrop() throws Exception {
        ClassFolderReader src = photos(2);
        PipelineSpec spec = PipelineSpec.parse("aug.yaml", AUGMENT.replace("eval-modes: [center, ten-crop]",
                "eval-modes: [center, 144-crop, dense]"));
        assertThat(spec.rescaleStep()).isEqualTo(0);
        Pipeline crops = Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.CROPS_144, List.of(20, 24, 28, 32));
        assertThat(crops.mode()).isEqualTo(Pipeline.Mode.EVAL_144_CROP);
        assertThat(crops.views()).isEqualTo(144);
        assertThat(crops.describe()).isEqualTo("144-crop 20 at [20, 24, 28, 32]");
        Batch b = epoch(crops, 1, 0, 2).get(0);
        assertThat(b.examples()).isEqualTo(5 * 144);
        assertThat(b.shape()).containsExactly(720, 3, 20, 20);
        Sample s = src.load(0);
        List<FloatImage> expected = new GoogLeNetCrops(20, List.of(20, 24, 28, 32)).views(s.image());
        assertThat(b.image(143).data()).isEqualTo(expected.get(143).data());
        assertThat(Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.CROPS_144).describe())
                .isEqualTo("144-crop 20 at [256, 288, 320, 352]");
        assertThatThrownBy(() -> Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.CROPS_144, List.of(16)))
                .isInstanceOf(BadInputException.class).hasMessage("144-crop scale 16 is below the crop size 20 of aug.yaml");
        assertThatThrownBy(() -> Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.CENTER, List.of(24)))
                .isInstanceOf(BadInputException.class).hasMessage("scales [24] apply to 144-crop and dense evaluation, not center");

        // dense: the whole image at each shorter side and its mirror; sizes follow the image
        Pipeline dense = Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.DENSE, List.of(24, 32));
        assertThat(dense.views()).isEqualTo(4);
        assertThat(dense.outputSize()).isNull();
        assertThat(dense.describe()).isEqualTo("dense at Q = [24, 32] (+ mirror)");
        Sample raw = src.load(1);
        int h = raw.image().height();
        int w = raw.image().width();
        List<Sample> views = dense.run(raw, Pipeline.sampleRandom(0, 0, 1));
        assertThat(views).hasSize(4);
        int[] at24 = ScaleShorterSide.targetSize(h, w, 24);
        int[] at32 = ScaleShorterSide.targetSize(h, w, 32);
        assertThat(views.get(0).image().shape()).isEqualTo("3x" + at24[0] + "x" + at24[1]);
        assertThat(views.get(2).image().shape()).isEqualTo("3x" + at32[0] + "x" + at32[1]);
        assertThat(views.get(1).image().data()).isEqualTo(HorizontalMirror.mirror(views.get(0).image()).data());
        assertThat(Math.min(at24[0], at24[1])).isEqualTo(24);
        assertThat(Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.DENSE).describe()).isEqualTo("dense at Q = [24] (+ mirror)");
        assertThatThrownBy(() -> dense.batches(0, 0, new BadFileReport(false))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Pipeline.eval(PipelineSpec.parse("aug.yaml", AUGMENT), src, null, PipelineSpec.EvalMode.DENSE))
                .isInstanceOf(BadInputException.class).hasMessage("aug.yaml: evaluation mode 'dense' is not among its eval-modes [center, ten-crop]");
    }

    /** Four 3x2x2 images with chosen values, in memory. */
    private ArrayImageSource fourImages(int offset) {
        byte[][] px = new byte[4][12];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 12; k++) {
                px[i][k] = (byte) (offset + 10 * i + k);
            }
        }
        return new ArrayImageSource("four", 4, 3, 2, 2, i -> px[i], i -> i % 2, List.of("even", "odd"), root.resolve("stats" + offset));
    }

    private static final String MEAN = """
            name: mean
            source: {type: cifar10, dataset: four}
            train:
              - mean-image: {}
              - random-crop: {size: 2}
            eval:
              - mean-image: {}
            batch-size: 4
            """;

    @Test
    void theMeanSubtractedIsTheMeanComputed() {
        ArrayImageSource src = fourImages(0);
        PipelineSpec spec = PipelineSpec.parse("mean.yaml", MEAN);
        MeanStats stats = MeanStats.compute(Pipeline.statsPrefix(spec, src), new BadFileReport(false), 2, null);
        // value k of image i is 10 i + k: the mean over i = 0..3 is 15 + k
        float[] expected = new float[12];
        for (int k = 0; k < 12; k++) {
            expected[k] = 15 + k;
        }
        assertThat(stats.meanImage().data()).containsExactly(expected);
        assertThat(stats.channelMean()).containsExactly(16.5, 20.5, 24.5);
        assertThat(stats.images()).isEqualTo(4);
        assertThat(stats.key()).isEqualTo("decoded");

        Path file = stats.save(src.statsDir());
        assertThat(file.getFileName().toString()).isEqualTo("mean-decoded.json");
        MeanStats loaded = Pipeline.loadStats(spec, src, null);
        assertThat(loaded.meanImage().data()).containsExactly(expected);

        Pipeline eval = Pipeline.eval(spec, src, loaded, PipelineSpec.EvalMode.CENTER);
        Batch b = epoch(eval, 0, 0, 1).get(0);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 12; k++) {
                assertThat(b.features()[i * 12 + k]).isEqualTo(10 * i + k - (15 + k));
            }
        }
    }

    @Test
    void aMeanOfOtherDataOrAnotherSizeIsRefusedNamingBoth() {
        PipelineSpec spec = PipelineSpec.parse("mean.yaml", MEAN);
        ArrayImageSource a = fourImages(0);
        MeanStats stats = MeanStats.compute(Pipeline.statsPrefix(spec, a), new BadFileReport(false), 1, null);
        Path file = stats.save(a.statsDir());
        ArrayImageSource other = fourImages(1);
        assertThatThrownBy(() -> Pipeline.loadStats(spec, other, file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + " was computed on other data: four, fingerprint " + a.fingerprint()
                        + "; training uses four, fingerprint " + other.fingerprint() + " (run zoolab data mean again)");

        PipelineSpec warped = PipelineSpec.parse("w.yaml", MEAN.replace("  - mean-image: {}\n  - random-crop",
                "  - warp: {width: 4, height: 4}\n  - mean-image: {}\n  - random-crop"));
        assertThatThrownBy(() -> Pipeline.loadStats(warped, a, file))
                .hasMessage(file + " was computed after 'decoded' but the pipeline needs it after 'warp 4x4'; run zoolab data mean for this pipeline");
        assertThatThrownBy(() -> Pipeline.train(warped, a, stats))
                .hasMessage("w.yaml, train[1] mean-image: the mean image is 2x2 (computed after 'decoded' on four) but the images here are 4x4");
        assertThatThrownBy(() -> Pipeline.train(spec, a, null))
                .hasMessage("mean.yaml, train[0] mean-image: needs the training set's statistics (zoolab data mean mean)");
        assertThatThrownBy(() -> Pipeline.loadStats(spec, other, null))
                .hasMessageStartingWith("pipeline mean subtracts a mean computed on its training data, and "
                        + MeanStats.jsonFile(other.statsDir(), "decoded") + " does not exist; run: zoolab data mean mean");
    }

    @Test
    void pcaOfColoursAlongOneAxisFindsThatAxis() {
        // pixels (v, v, v) and (v + 30, v, v - 30): the covariance has rank 2; eigenvectors unit, sorted
        double[][] cov = {{4, 2, 0}, {2, 3, 0}, {0, 0, 1}};
        double[] values = new double[3];
        double[][] vectors = new double[3][3];
        SymmetricEigen.decompose(cov, values, vectors);
        assertThat(values[0]).isCloseTo((7 + Math.sqrt(17)) / 2, within(1e-12));
        assertThat(values[1]).isCloseTo((7 - Math.sqrt(17)) / 2, within(1e-12));
        assertThat(values[2]).isCloseTo(1, within(1e-12));
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < 3; r++) {
                double av = cov[r][0] * vectors[i][0] + cov[r][1] * vectors[i][1] + cov[r][2] * vectors[i][2];
                assertThat(av).isCloseTo(values[i] * vectors[i][r], within(1e-12));
            }
        }
        assertThat(vectors[2]).containsExactly(0, 0, 1);

        // a grey ramp: all variance along (1, 1, 1) / sqrt 3
        byte[][] px = new byte[8][3 * 4];
        for (int i = 0; i < 8; i++) {
            Arrays.fill(px[i], (byte) (i * 30));
        }
        ArrayImageSource grey = new ArrayImageSource("ramp", 8, 3, 2, 2, i -> px[i], i -> 0, List.of("x"), root);
        PipelineSpec spec = PipelineSpec.parse("p.yaml", MEAN);
        MeanStats s = MeanStats.compute(Pipeline.statsPrefix(spec, grey), new BadFileReport(false), 1, null);
        double k = 1 / Math.sqrt(3);
        assertThat(s.eigenvectors()[0]).containsExactly(new double[]{k, k, k}, within(1e-9));
        // variance of i * 30 / 255 for i = 0..7, summed over three equal channels
        double var = 0;
        for (int i = 0; i < 8; i++) {
            var += Math.pow(i * 30 / 255.0 - 105 / 255.0, 2) / 8;
        }
        assertThat(s.eigenvalues()[0]).isCloseTo(3 * var, within(1e-9));
        assertThat(s.eigenvalues()[1]).isCloseTo(0, within(1e-9));
    }
}
