package org.zoolab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Keras fixtures: src/test/resources/keras, written by make_lenet5_h5.py (h5py + numpy, no Keras): a Keras 2
 * Sequential LeNet-5 with zoolab's layer names and the probabilities numpy computes for one input.
 */
class WeightImporterTest {
    static Path resource(String name) throws Exception {
        return Path.of(WeightImporterTest.class.getResource("/keras/" + name).toURI());
    }

    /** Known answer: after import, zoolab's LeNet-5 gives numpy's Keras-semantics forward pass for the fixture's input. */
    @Test
    void kerasLenet5IntoZoolabLenet5ComputesWhatKerasComputes() throws Exception {
        ComputationGraph target = ModelSource.load("lenet5").graph();
        WeightImporter.Report r = WeightImporter.copy(WeightImporter.readSource(resource("lenet5_keras.h5")), target, Map.of(), "lenet5_keras.h5");
        assertThat(r.complete()).as(r.table()).isTrue();
        assertThat(r.lines()).extracting(WeightImporter.Line::layer).containsExactly("c1", "c3", "c5", "f6", "output");
        assertThat(r.count(WeightImporter.Status.COPIED)).isEqualTo(5);
        assertThat(r.lines().get(0).detail()).isEqualTo("b [6], W [6, 1, 5, 5]");

        JsonNode expected = new ObjectMapper().readTree(resource("lenet5_keras_expected.json").toFile());
        float[] x = new float[32 * 32];
        for (int y = 0; y < 32; y++) for (int c = 0; c < 32; c++) x[y * 32 + c] = (float) expected.get("input_hw").get(y).get(c).asDouble();
        INDArray p = target.outputSingle(Nd4j.create(x, new long[]{1, 1, 32, 32}));
        for (int k = 0; k < 10; k++) {
            assertThat(p.getDouble(0, k)).isCloseTo(expected.get("probabilities").get(k).asDouble(), within(1e-5));
        }
    }

    @Test
    void mismatchedLayersAreReportedAndKeepTheirWeights() throws Exception {
        ComputationGraph target = ModelSource.load("lenet5").graph();
        INDArray f6Before = target.getLayer("f6").params().dup();
        WeightImporter.Report r = WeightImporter.copy(WeightImporter.readSource(resource("lenet5_keras_f6_80.h5")), target, Map.of(), "f6_80.h5");
        assertThat(r.complete()).isFalse();
        assertThat(r.lines()).filteredOn(l -> l.status() == WeightImporter.Status.SHAPE).extracting(WeightImporter.Line::detail)
                .containsExactly("W: expected [120, 84], found [120, 80]; b: expected [84], found [80]; keeps its initial weights",
                        "W: expected [84, 10], found [80, 10]; keeps its initial weights");
        assertThat(target.getLayer("f6").params()).isEqualTo(f6Before);
        assertThat(r.table()).contains("3 copied, 0 missing, 2 with other shapes, 0 with other parameters, 0 unused in f6_80.h5");
    }

    @Test
    void zoolabZipWithRenamedLayers(@TempDir Path tmp) throws Exception {
        ComputationGraph source = ModelSource.load("lenet5").graph();
        ModelFile.write(source, tmp.resolve("m.zip"), false, Map.of());
        ComputationGraph target = new ComputationGraph(source.getConfiguration().clone());
        target.init();
        WeightImporter.Report r = WeightImporter.copy(WeightImporter.readSource(tmp.resolve("m.zip")), target, Map.of("f6", "fc"), "m.zip");
        assertThat(r.lines()).extracting(l -> l.layer() + " " + l.status()).containsExactly(
                "c1 COPIED", "c3 COPIED", "c5 COPIED", "f6 MISSING", "output COPIED", "f6 UNUSED");
        assertThat(target.getLayer("c3").params()).isEqualTo(source.getLayer("c3").params());
    }

    @Test
    void aMissingFileSaysWhatToSupply() {
        assertThatThrownBy(() -> WeightImporter.readSource(Path.of("no/vgg16.h5"))).isInstanceOf(BadInputException.class)
                .hasMessage("no/vgg16.h5: no such weights file (zoolab downloads no weights: give a DL4J model zip or a Keras .h5 file you have)");
        assertThat(List.of(WeightImporter.Status.values())).hasSize(5);
    }
}
