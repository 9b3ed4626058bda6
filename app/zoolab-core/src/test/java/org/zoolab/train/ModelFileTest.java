package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileTest {

    static ComputationGraph net(long seed) {
        ComputationGraph g = new ComputationGraph(TrainerTest.recipe(1).applyTo(TinyNets.convNet(4, seed)));
        g.init();
        g.fit(TinyNets.quadrants(8, 4, 1));  // non-zero updater state
        return g;
    }

    /** A disk that is full after {@code limit} bytes. */
    static OutputStream failingAfter(OutputStream out, long limit) {
        return new FilterOutputStream(out) {
            long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > limit) throw new IOException("No space left on device");
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) write(b[off + i]);
            }
        };
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileIntactAndNoTemporary(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("ckpt.zip");
        ComputationGraph a = net(1);
        ModelFile.write(a, file, true, Map.of(ModelFile.STATE_ENTRY, "{\"a\":1}"));
        byte[] before = Files.readAllBytes(file);

        ComputationGraph b = net(2);
        assertThatThrownBy(() -> ModelFile.write(b, file, true, Map.of(), out -> failingAfter(out, 700)))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
        ModelFile.Contents c = ModelFile.read(file, true);
        assertThat(c.graph().params().data().asFloat()).containsExactly(a.params().data().asFloat());
        assertThat(c.graph().getUpdater().getStateViewArray().data().asFloat())
                .containsExactly(a.getUpdater().getStateViewArray().data().asFloat());
        assertThat(c.entries()).containsEntry(ModelFile.STATE_ENTRY, "{\"a\":1}");
    }

    @Test
    void aTemporaryLeftByAKilledProcessIsRemovedAndIgnored(@TempDir Path tmp) throws Exception {
        Path stray = tmp.resolve(".epoch-0001-iter-00000006.zip.123.tmp");
        Files.write(stray, new byte[]{'P', 'K', 3, 4, 0, 0});
        AtomicFiles.deleteStrayTemporaries(tmp);
        assertThat(stray).doesNotExist();
    }

    @Test
    void dl4jCanReadZoolabFilesAndZoolabCanReadDl4jFiles(@TempDir Path tmp) throws Exception {
        ComputationGraph a = net(3);
        Path ours = tmp.resolve("ours.zip");
        ModelFile.write(a, ours, true, Map.of());
        ComputationGraph viaDl4j = ModelSerializer.restoreComputationGraph(ours.toFile(), true);
        assertThat(viaDl4j.params().data().asFloat()).containsExactly(a.params().data().asFloat());
        Path theirs = tmp.resolve("theirs.zip");
        ModelSerializer.writeModel(a, theirs.toFile(), true);
        assertThat(ModelFile.load(theirs).params().data().asFloat()).containsExactly(a.params().data().asFloat());
    }

    @Test
    void rejectsFilesThatAreNotModels(@TempDir Path tmp) throws Exception {
        Path text = tmp.resolve("notes.zip");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> ModelFile.load(text)).isInstanceOf(BadInputException.class)
                .hasMessage(text + " is not a zoolab/DL4J model: not a zip file");

        Path zip = tmp.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.write(1);
            z.putNextEntry(new ZipEntry("objects/x"));
            z.write(2);
        }
        assertThatThrownBy(() -> ModelFile.load(zip)).isInstanceOf(BadInputException.class)
                .hasMessage(zip + " is not a zoolab/DL4J model: expected zip entries configuration.json and coefficients.bin, found a.txt, objects/x");

        Path bogus = tmp.resolve("bogus.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bogus))) {
            z.putNextEntry(new ZipEntry("configuration.json"));
            z.write("{\"not\": \"a network\"}".getBytes());
            z.putNextEntry(new ZipEntry("coefficients.bin"));
            z.write(new byte[]{1, 2, 3});
        }
        assertThatThrownBy(() -> ModelFile.load(bogus)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(bogus + " is not a zoolab/DL4J model: entry coefficients.bin is not an ND4J array");

        assertThatThrownBy(() -> ModelFile.load(tmp.resolve("missing.zip"))).isInstanceOf(BadInputException.class)
                .hasMessage(tmp.resolve("missing.zip") + ": no such model file");
    }
}
