package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.BadInputException;
import org.zoolab.data.CompositeSegmentationSet;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.DatasetInstaller;
import org.zoolab.data.Split;
import org.zoolab.zoo.ClassicalMomentum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SegmentationTest {

    /**
     * Hand-made 4x4 masks. Actual object pixels: 6 (the top-left 2x3 block); predicted: 5 of them plus 2 outside.
     * Object: TP 5, FP 2, FN 1 → IoU 5/8, Dice 10/13. Background (10 pixels): TP 8, FP 1, FN 2 → IoU 8/11.
     */
    @Test
    void iouAndDiceOfHandMadeMasks() {
        int[] actual = {
                1, 1, 1, 0,
                1, 1, 1, 0,
                0, 0, 0, 0,
                0, 0, 0, 0};
        int[] predicted = {
                1, 1, 1, 1,
                1, 1, 0, 0,
                0, 0, 0, 0,
                0, 0, 0, 1};
        SegmentationMetrics m = SegmentationMetrics.of(actual, predicted, 2);
        assertThat(m.confusion()).isEqualTo(new long[][]{{8, 2}, {1, 5}});
        assertThat(m.pixelAccuracy()).isEqualTo(13.0 / 16);
        assertThat(m.iou(1)).isEqualTo(5.0 / 8);
        assertThat(m.iou(0)).isEqualTo(8.0 / 11);
        assertThat(m.meanIou()).isCloseTo((5.0 / 8 + 8.0 / 11) / 2, within(1e-15));
        assertThat(m.dice(1)).isEqualTo(10.0 / 13);
        assertThat(m.dice()).isEqualTo(10.0 / 13);
        // perfect prediction: everything 1; a class that occurs nowhere is left out of the mean
        SegmentationMetrics perfect = SegmentationMetrics.of(new int[]{0, 0, 2, 2}, new int[]{0, 0, 2, 2}, 3);
        assertThat(perfect.iou(1)).isNaN();
        assertThat(perfect.meanIou()).isEqualTo(1.0);
        assertThat(perfect.dice()).isEqualTo(1.0);
        // disjoint: IoU and Dice of the object are 0
        assertThat(SegmentationMetrics.of(new int[]{1, 0}, new int[]{0, 1}, 2).iou(1)).isZero();
    }

    /** The Dice loss's gradient matches central differences through the softmax, and a perfect map scores ~0. */
    @Test
    void diceLossGradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(1);
        int images = 2, ppi = 6, classes = 2;
        INDArray pre = Nd4j.randn(DataType.DOUBLE, images * ppi, classes);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, images * ppi, classes);
        for (int r = 0; r < images * ppi; r++) labels.putScalar(r, r % 3 == 0 ? 1 : 0, 1.0);
        DiceLoss loss = new DiceLoss(ppi);
        var softmax = Activation.SOFTMAX.getActivationFunction();
        INDArray g = loss.computeGradient(labels, pre, softmax, null);
        double eps = 1e-6;
        for (int r = 0; r < images * ppi; r++) {
            for (int c = 0; c < classes; c++) {
                INDArray plus = pre.dup(), minus = pre.dup();
                plus.putScalar(r, c, pre.getDouble(r, c) + eps);
                minus.putScalar(r, c, pre.getDouble(r, c) - eps);
                double num = (loss.computeScore(labels, plus, softmax, null, false) - loss.computeScore(labels, minus, softmax, null, false)) / (2 * eps);
                assertThat(g.getDouble(r, c)).isCloseTo(num, within(1e-6));
            }
        }
        // per-row scores add up to the score
        assertThat(loss.computeScoreArray(labels, pre, softmax, null).sumNumber().doubleValue())
                .isCloseTo(loss.computeScore(labels, pre, softmax, null, false), within(1e-9));
        INDArray confident = labels.mul(40).subi(20);
        assertThat(loss.computeScore(labels, confident, softmax, null, true)).isCloseTo(0.0, within(1e-6));
    }

    static DataDirectory dataOrSkip() {
        DataDirectory dir = DataDirectory.resolve(null);
        assumeTrue(DatasetInstaller.isInstalled(dir, "mnist") && DatasetInstaller.isInstalled(dir, "photos"),
                "needs mnist and photos installed (zoolab data fetch mnist photos)");
        return dir;
    }

    /** Composites: masks are 0/1, deterministic in the seed, objects are a plausible share of the pixels. */
    @Test
    void compositesAreDeterministicWithThresholdedMasks(@TempDir Path tmp) throws Exception {
        DataDirectory dir = dataOrSkip();
        CompositeSegmentationSet a = CompositeSegmentationSet.build(dir, "mnist", Split.TRAIN, 64, 40, 7);
        CompositeSegmentationSet b = CompositeSegmentationSet.build(dir, "mnist", Split.TRAIN, 64, 40, 7);
        CompositeSegmentationSet t = CompositeSegmentationSet.build(dir, "mnist", Split.TEST, 64, 40, 7);
        assertThat(a.image(5)).isEqualTo(b.image(5));
        assertThat(a.mask(5)).isEqualTo(b.mask(5));
        assertThat(a.image(5)).isNotEqualTo(t.image(5));
        for (int i = 0; i < 40; i++) for (byte m : a.mask(i)) assertThat(m).isIn((byte) 0, (byte) 1);
        assertThat(a.objectFraction()).isBetween(0.04, 0.35);
        assertThat(a.description()).startsWith("40 composites of 64x64: mnist training images on ");
        a.writePngs(tmp, 2);
        assertThat(Files.exists(tmp.resolve("0001_mask.png"))).isTrue();
        assertThatThrownBy(() -> CompositeSegmentationSet.build(dir, "cifar10", Split.TRAIN, 64, 4, 1))
                .isInstanceOf(BadInputException.class).hasMessage("--objects cifar10: expected one of [mnist, fashion-mnist]");
    }

    /** A tiny U-Net trains for an epoch; metrics.csv epoch rows carry pixel accuracy, mean IoU and Dice; resume extends it. */
    @Test
    void tinyUnetRunWritesSegmentationMetrics(@TempDir Path tmp) {
        dataOrSkip();
        SegmentationRun.Settings s = new SegmentationRun.Settings("mnist", 32, 48, 16, List.of(4, 8), SegmentationRun.Loss.DICE, 3);
        Recipe r = SegmentationRun.defaultRecipe().withOverrides(1, 16, 3e-3);
        SegmentationRun.Prepared p = SegmentationRun.start(s, r, tmp.resolve("run"), null);
        TrainingResult res = p.trainer().fit();
        assertThat(res.iterations()).isEqualTo(3);
        List<String> lines = readLines(tmp.resolve("run/metrics.csv"));
        assertThat(lines.get(0)).isEqualTo(MetricsLog.HEADER + ",val_mean_iou,val_dice");
        String[] epoch = lines.stream().filter(l -> l.startsWith("epoch,")).findFirst().orElseThrow().split(",", -1);
        assertThat(epoch).hasSize(13);
        SegmentationMetrics m = SegmentationRun.evaluate(res.model() == null ? p.trainer().graph() : ModelFile.load(res.model()), p.testSet(), 8);
        assertThat(Double.parseDouble(epoch[8])).isCloseTo(m.pixelAccuracy(), within(1e-5));
        assertThat(Double.parseDouble(epoch[11])).isCloseTo(m.meanIou(), within(1e-5));
        assertThat(Double.parseDouble(epoch[12])).isCloseTo(m.dice(), within(1e-5));
        assertThat(MetricsLog.read(tmp.resolve("run/metrics.csv"))).anyMatch(MetricsLog.Row::isEpoch);
        assertThat(SegmentationRun.settings(tmp.resolve("run"))).isEqualTo(s);

        SegmentationRun.Prepared more = SegmentationRun.resume(tmp.resolve("run"), 2, null);
        assertThat(more.trainer().fit().iterations()).isEqualTo(6);
        assertThat(readLines(tmp.resolve("run/metrics.csv")).stream().filter(l -> l.startsWith("epoch,")).count()).isEqualTo(2);
        ComputationGraph g = ModelFile.load(tmp.resolve("run/model.zip"));
        assertThat(g.outputSingle(Nd4j.zeros(1, 3, 32, 32)).shape()).containsExactly(1, 2, 32, 32);
    }

    /**
     * Training batches with --elastic and --loss weighted: the labels mask is the paper's weight map of the
     * (deformed) mask, the labels are that mask one-hot, the deformation repeats in the same epoch and changes with
     * the next; a tiny run with the unet recipe (momentum 0.99) trains and its settings round-trip.
     */
    @Test
    void weightedElasticBatchesAndUnetRecipe(@TempDir Path tmp) throws Exception {
        DataDirectory dir = dataOrSkip();
        CompositeSegmentationSet set = CompositeSegmentationSet.build(dir, "mnist", Split.TRAIN, 32, 8, 4);
        SegmentationRun.Settings s = new SegmentationRun.Settings("mnist", 32, 8, 4, List.of(4, 8), SegmentationRun.Loss.WEIGHTED, 4, 10.0);
        SegmentationData data = SegmentationRun.trainingData(s, set, 4);
        org.nd4j.linalg.dataset.DataSet b = data.batch(new int[]{2, 5}, 1);
        assertThat(b.getLabelsMaskArray().shape()).containsExactly(2, 1, 32, 32);
        byte[] deformed = new byte[32 * 32];
        for (int p = 0; p < deformed.length; p++) deformed[p] = (byte) b.getLabels().getDouble(1, 1, p / 32, p % 32);
        byte[] stored = set.mask(5);
        assertThat(deformed).isNotEqualTo(stored);
        float[] w = org.zoolab.data.BorderWeightMap.paper().weights(deformed, 32, 32);
        for (int p = 0; p < w.length; p++) {
            assertThat(b.getLabelsMaskArray().getFloat(1, 0, p / 32, p % 32)).isEqualTo(w[p]);
            assertThat(b.getLabels().getDouble(1, 0, p / 32, p % 32) + b.getLabels().getDouble(1, 1, p / 32, p % 32)).isEqualTo(1.0);
        }
        assertThat(data.batch(new int[]{2, 5}, 1).getFeatures()).isEqualTo(b.getFeatures());
        assertThat(data.batch(new int[]{2, 5}, 2).getFeatures()).isNotEqualTo(b.getFeatures());
        // plain settings: the stored composites, no labels mask
        org.nd4j.linalg.dataset.DataSet plain = SegmentationRun.trainingData(new SegmentationRun.Settings("mnist", 32, 8, 4, List.of(4, 8),
                SegmentationRun.Loss.XENT, 4), set, 4).batch(new int[]{5}, 1);
        assertThat(plain.getLabelsMaskArray()).isNull();
        assertThat(plain.getLabels().getDouble(0, 1, 10, 10)).isEqualTo(stored[10 * 32 + 10]);

        Recipe unet = Recipes.load().named("unet").withOverrides(1, 4, null);
        SegmentationRun.Settings run = new SegmentationRun.Settings("mnist", 32, 16, 8, List.of(4, 8), SegmentationRun.Loss.WEIGHTED, 3, 10.0);
        SegmentationRun.Prepared p = SegmentationRun.start(run, unet, tmp.resolve("run"), null);
        assertThat(p.recipe().updater()).isInstanceOf(ClassicalMomentum.class);
        TrainingResult res = p.trainer().fit();
        assertThat(res.iterations()).isEqualTo(4);
        assertThat(SegmentationRun.settings(tmp.resolve("run"))).isEqualTo(run);
        // resume rebuilds the weighted, deformed training data from segmentation.json
        SegmentationRun.Prepared more = SegmentationRun.resume(tmp.resolve("run"), 2, null);
        assertThat(more.settings()).isEqualTo(run);
        assertThat(more.recipe().momentum()).isEqualTo(0.99);
        assertThat(more.trainer().fit().iterations()).isEqualTo(8);
        assertThat(Files.readString(tmp.resolve("run/segmentation.json"))).contains("\"loss\" : \"WEIGHTED\"", "\"elastic\" : 10.0");
        // a run directory from before --elastic (no "elastic" key) reads as no deformation
        Path old = tmp.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("segmentation.json"), "{\"objects\":\"mnist\",\"size\":32,\"train\":8,\"test\":4,"
                + "\"widths\":[4,8],\"loss\":\"XENT\",\"seed\":4}");
        assertThat(SegmentationRun.settings(old).elastic()).isEqualTo(0.0);
        assertThatThrownBy(() -> new SegmentationRun.Settings("mnist", 32, 8, 4, null, null, 1, -2.0))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--elastic -2.0: expected a standard deviation in pixels >= 0");
    }

    static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
