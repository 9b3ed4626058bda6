package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochShuffledIteratorTest {

    /** n grey 3x2 images; image i has every pixel = i, label i % 4. */
    record Tiny(int size) implements LabelledImages {
        @Override public int channels() { return 1; }
        @Override public int height() { return 3; }
        @Override public int width() { return 2; }
        @Override public int numClasses() { return 4; }
        @Override public int label(int i) { return i % 4; }
        @Override public byte[] pixels(int i) {
            byte[] p = new byte[6];
            java.util.Arrays.fill(p, (byte) i);
            return p;
        }
        @Override public List<String> classNames() { return List.of("a", "b", "c", "d"); }
    }

    /** The order each batch delivers, read back from the pixel values. */
    private static List<Integer> epochImages(EpochShuffledIterator it) {
        List<Integer> seen = new ArrayList<>();
        while (it.hasNext()) {
            INDArray f = it.next().getFeatures();
            for (int b = 0; b < f.size(0); b++) {
                seen.add(Math.round(f.getFloat(b, 0, 0, 0) * 255));
            }
        }
        return seen;
    }

    @Test
    void orderIsTheDocumentedShuffleOfSeedAndEpoch() {
        for (int epoch : new int[]{0, 1, 7}) {
            List<Integer> expected = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
            Collections.shuffle(expected, new Random(42 * 1_000_003L + epoch));
            assertThat(EpochShuffledIterator.order(50, 42, epoch)).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
        assertThat(EpochShuffledIterator.order(5, -1, 3)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void sameSeedSameOrderAndEachEpochDiffers() {
        EpochShuffledIterator a = new EpochShuffledIterator(new Tiny(50), 8, 42, 0);
        EpochShuffledIterator b = new EpochShuffledIterator(new Tiny(50), 8, 42, 0);
        List<Integer> a0 = epochImages(a);
        assertThat(a0).hasSize(50).doesNotHaveDuplicates().isEqualTo(epochImages(b));
        assertThat(a0).isNotEqualTo(IntStream.range(0, 50).boxed().toList());
        a.reset();
        assertThat(a.epoch()).isEqualTo(1);
        List<Integer> a1 = epochImages(a);
        assertThat(a1).containsExactlyInAnyOrderElementsOf(a0).isNotEqualTo(a0);
        assertThat(epochImages(new EpochShuffledIterator(new Tiny(50), 8, 43, 0))).isNotEqualTo(a0);
    }

    @Test
    void setEpochReproducesAnEpochsOrder() {
        EpochShuffledIterator run = new EpochShuffledIterator(new Tiny(30), 7, 5, 0);
        List<List<Integer>> epochs = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            epochs.add(epochImages(run));
            run.reset();
        }
        EpochShuffledIterator resumed = new EpochShuffledIterator(new Tiny(30), 7, 5, 0);
        resumed.setEpoch(2);
        assertThat(epochImages(resumed)).isEqualTo(epochs.get(2));
        resumed.reset();
        assertThat(resumed.epoch()).isEqualTo(3);
        assertThat(epochImages(resumed)).isEqualTo(epochs.get(3));
        assertThat(resumed.epochOrder()).containsExactly(epochs.get(3).stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void negativeSeedKeepsFileOrder() {
        EpochShuffledIterator it = new EpochShuffledIterator(new Tiny(10), 4, -1, 0);
        assertThat(epochImages(it)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        it.reset();
        assertThat(epochImages(it)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void batchesAreNchwInZeroOneWithOneHotLabelsAndAPartialLastBatch() {
        EpochShuffledIterator it = new EpochShuffledIterator(new Tiny(10), 4, -1, 0);
        assertThat(it.batchesPerEpoch()).isEqualTo(3);
        assertThat(it.inputColumns()).isEqualTo(6);
        assertThat(it.totalOutcomes()).isEqualTo(4);
        assertThat(it.getLabels()).containsExactly("a", "b", "c", "d");
        DataSet first = it.next();
        assertThat(first.getFeatures().shape()).containsExactly(4, 1, 3, 2);
        assertThat(first.getFeatures().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(first.getFeatures().getFloat(3, 0, 2, 1)).isEqualTo(3 / 255f);
        assertThat(first.getLabels().shape()).containsExactly(4, 4);
        assertThat(first.getLabels().getRow(2).toFloatVector()).containsExactly(0f, 0f, 1f, 0f);
        it.next();
        DataSet last = it.next();
        assertThat(last.getFeatures().shape()).containsExactly(2, 1, 3, 2);
        assertThat(last.getLabels().getRow(1).toFloatVector()).containsExactly(0f, 1f, 0f, 0f);   // image 9: class 1
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("epoch 0 is finished");
    }

    @Test
    void padTwoTurnsMnist28IntoLeNet32WithAZeroBorder() {
        IdxDataset mnist = IdxDataset.load(TestData.with("mnist"), "mnist", Split.TRAIN).subset(0, 5);
        EpochShuffledIterator it = mnist.iterator(5, -1, 2);
        INDArray f = it.next().getFeatures();
        assertThat(f.shape()).containsExactly(5, 1, 32, 32);
        assertThat(it.height()).isEqualTo(32);
        assertThat(it.inputColumns()).isEqualTo(1024);
        byte[] px = mnist.pixels(0);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean border = y < 2 || y >= 30 || x < 2 || x >= 30;
                float expected = border ? 0f : (px[(y - 2) * 28 + (x - 2)] & 0xff) / 255f;
                assertThat(f.getFloat(0, 0, y, x)).as("pixel (%d, %d)", y, x).isEqualTo(expected);
            }
        }
        assertThat(f.getFloat(0, 0, 16, 15)).isEqualTo(81 / 255f);     // the 28x28 image's (14, 13), moved by 2
        assertThat(f.getFloat(0, 0, 16, 16)).isEqualTo(240 / 255f);    // and (14, 14)
        assertThat(f.maxNumber().floatValue()).isEqualTo(1f);
    }
}
