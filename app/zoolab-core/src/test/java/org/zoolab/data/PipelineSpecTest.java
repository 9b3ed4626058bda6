package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineSpecTest {

    @Test
    void everyShippedPipelineLoads() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("../../pipelines"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(PipelineSpec.SHIPPED);
        for (String name : PipelineSpec.SHIPPED) {
            PipelineSpec spec = PipelineSpec.load(name);
            assertThat(spec.name()).isEqualTo(name);
            assertThat(spec.file()).isEqualTo("pipelines/" + name + ".yaml");
            assertThat(spec.batchSize()).isPositive();
        }
    }

    @Test
    void mnistForLeNet5CentresIn32AndTranslatesTrainingByTwoPixels() {
        PipelineSpec s = PipelineSpec.load("mnist-lenet5");
        assertThat(s.train().get(0).kind()).isEqualTo("random-crop");
        assertThat(s.train().get(0).get("size", 0)).isEqualTo(32);
        assertThat(s.train().get(0).get("padding", 0)).isEqualTo(4);   // offsets 0..4 of 36: +-2 around the centre
        assertThat(s.eval().get(0).kind()).isEqualTo("center-crop");
        assertThat(s.eval().get(0).get("padding", 0)).isEqualTo(2);
        assertThatThrownBy(() -> PipelineSpec.parse("p.yaml", """
                name: p
                source: {type: idx, dataset: mnist, train: train, eval: test}
                decode: {channels: 1}
                train: [{random-crop: {size: 32, padding: 4}}]
                eval: [{center-crop: {size: 32, padding: 2}}]
                eval-modes: [center, ten-crop]
                batch-size: 8
                """)).hasMessageContaining("key 'eval-modes'").hasMessageContaining("cannot replace a center-crop with padding");
    }

    @Test
    void alexnetIsThePaperRecipe() {
        PipelineSpec s = PipelineSpec.load("alexnet");
        assertThat(s.train()).extracting(PipelineSpec.StepSpec::kind)
                .containsExactly("scale-shorter-side", "center-crop", "mean-image", "random-crop", "horizontal-mirror", "pca-color-noise");
        // section 2: the shorter side rescaled to 256, then the central 256x256 patch
        assertThat(s.train().get(0).get("size", 0)).isEqualTo(256);
        assertThat(s.train().get(1).get("size", 0)).isEqualTo(256);
        assertThat(s.eval().subList(0, 2)).isEqualTo(s.train().subList(0, 2));
        assertThat(s.eval()).extracting(PipelineSpec.StepSpec::kind)
                .containsExactly("scale-shorter-side", "center-crop", "mean-image", "center-crop");
        assertThat(s.eval().get(s.tenCropStep()).get("size", 0)).isEqualTo(227);
        assertThat(s.train().get(3).get("size", 0)).isEqualTo(227);
        assertThat(s.train().get(4).get("p", 0)).isEqualTo(0.5);
        assertThat(s.train().get(5).get("sigma", 0)).isEqualTo(0.1);
        assertThat(s.evalModes()).containsExactly(PipelineSpec.EvalMode.CENTER, PipelineSpec.EvalMode.TEN_CROP);
        assertThat(Pipeline.statsKey(s)).isEqualTo("scale-shorter-side 256, center-crop 256");
        assertThat(Pipeline.statsKey(PipelineSpec.load("vgg"))).isEqualTo("scale-shorter-side 256");
        assertThat(Pipeline.statsKey(PipelineSpec.load("resnet"))).isEqualTo("decoded");
        assertThat(Pipeline.statsKey(PipelineSpec.load("cifar10"))).isEqualTo("decoded");
        assertThat(Pipeline.needsStats(PipelineSpec.load("mnist"))).isFalse();
        assertThat(PipelineSpec.load("cifar10").train().get(1).get("padding", 0)).isEqualTo(4);
        assertThat(PipelineSpec.load("resnet").train().get(0).get("max", 0)).isEqualTo(480);
    }

    @Test
    void vggShiftsColoursLikeAlexNet() {
        // VGG section 3.1: "random RGB colour shift (Krizhevsky et al., 2012)": the PCA noise, from the same statistics
        for (String name : List.of("vgg", "vgg-multiscale")) {
            PipelineSpec s = PipelineSpec.load(name);
            assertThat(s.train()).extracting(PipelineSpec.StepSpec::kind)
                    .containsExactly("scale-shorter-side", "random-crop", "horizontal-mirror", "pca-color-noise", "channel-mean");
            assertThat(s.train().get(3).get("sigma", 0)).isEqualTo(0.1);
            assertThat(s.eval()).extracting(PipelineSpec.StepSpec::kind).doesNotContain("pca-color-noise");
            assertThat(Pipeline.needsStats(s)).isTrue();
        }
        assertThat(Pipeline.statsKey(PipelineSpec.load("vgg-multiscale"))).isEqualTo("decoded");
    }

    @Test
    void stepDefinitionsGiveTheOutputSizeBeforeAnyDataIsOpened() {
        PipelineSpec alex = PipelineSpec.load("alexnet");
        assertThat(alex.outputSize(alex.train(), null)).containsExactly(227, 227);
        assertThat(alex.outputSize(alex.eval(), null)).containsExactly(227, 227);
        PipelineSpec vgg = PipelineSpec.load("vgg-multiscale");
        assertThat(vgg.outputSize(vgg.train(), null)).containsExactly(224, 224);
        assertThat(vgg.outputSize(vgg.train().subList(0, 1), new int[]{300, 400})).isNull();   // jittered shorter side
        PipelineSpec googlenet = PipelineSpec.load("googlenet");
        assertThat(googlenet.outputSize(googlenet.train(), null)).containsExactly(224, 224);
        assertThat(googlenet.outputSize(googlenet.eval(), null)).containsExactly(224, 224);
        assertThat(googlenet.evalModes()).containsExactly(PipelineSpec.EvalMode.CENTER, PipelineSpec.EvalMode.TEN_CROP,
                PipelineSpec.EvalMode.CROPS_144);
        assertThat(googlenet.rescaleStep()).isEqualTo(0);
        assertThat(Pipeline.statsKey(googlenet)).isEqualTo("scale-shorter-side 256");
        assertThat(googlenet.train().get(1).create(new StepKind.StepContext(googlenet, null, null, "t")).describe())
                .isEqualTo("random-area-crop 224 area 0.08..1.0 aspect 0.75..1.3333");
        assertThat(PipelineSpec.load("vgg").evalModes()).contains(PipelineSpec.EvalMode.DENSE);
        assertThat(PipelineSpec.load("vgg-multiscale").evalModes()).contains(PipelineSpec.EvalMode.DENSE);
        PipelineSpec cifar = PipelineSpec.load("cifar10");
        assertThat(cifar.outputSize(cifar.eval(), null)).isNull();                          // no crop: the source's size
        assertThat(cifar.outputSize(cifar.eval(), new int[]{32, 32})).containsExactly(32, 32);
        PipelineSpec lenet = PipelineSpec.load("mnist-lenet5");
        assertThat(lenet.outputSize(lenet.eval(), new int[]{28, 28})).containsExactly(32, 32);
    }

    @Test
    void eachStepKindIsDefinedOnce() {
        assertThat(StepKinds.names()).containsExactly("warp", "scale-shorter-side", "random-crop", "center-crop",
                "horizontal-mirror", "mean-image", "channel-mean", "pca-color-noise", "random-area-crop", "photometric-distortion",
                "scale-values");
        StepKind crop = StepKinds.get("random-crop");
        assertThat(crop.keys()).containsExactly(new StepKind.Key("size", StepKind.KeyType.PIXELS, true),
                new StepKind.Key("padding", StepKind.KeyType.PADDING, false));
        assertThat(crop.normalises()).isFalse();
        assertThat(StepKinds.get("scale-values").normalises()).isTrue();
        assertThat(StepKinds.get("pca-color-noise").stats()).isEqualTo(StepKind.Stats.ALWAYS);
        PipelineSpec.StepSpec given = new PipelineSpec.StepSpec("channel-mean", java.util.Map.of(), List.of(1.0, 2.0, 3.0));
        PipelineSpec.StepSpec computed = new PipelineSpec.StepSpec("channel-mean", java.util.Map.of(), null);
        assertThat(given.usesStats()).isFalse();
        assertThat(computed.usesStats()).isTrue();
        assertThat(StepKinds.get("no-such-step")).isNull();
    }

    private static final String MINIMAL = """
            name: t
            source: {type: class-folder, dataset: photos}
            train:
              - random-crop: {size: 8}
            eval: []
            batch-size: 4
            """;

    @Test
    void minimalSpecGetsDefaults() {
        PipelineSpec s = PipelineSpec.parse("t.yaml", MINIMAL);
        assertThat(s.prefetch()).isEqualTo(4);
        assertThat(s.decodeThreads()).isEqualTo(2);
        assertThat(s.decode().channels()).isEqualTo(3);
        assertThat(s.decode().maxPixels()).isEqualTo(50_000_000L);
        assertThat(s.source().train()).isEqualTo("train");
        assertThat(s.source().eval()).isEqualTo("val");
    }

    @Test
    void mistakesAreNamedWithFileAndKey() {
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("size: 8", "sise: 8")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("t.yaml, key 'train[0].random-crop.sise': unknown key 'sise'; expected one of: padding, size");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("random-crop", "random-flip")))
                .hasMessageStartingWith("t.yaml, key 'train[0]': unknown step 'random-flip'; expected one of: warp, scale-shorter-side");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("batch-size: 4\n", "")))
                .hasMessage("t.yaml, key 'batch-size': missing");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("size: 8", "size: 8.5")))
                .hasMessage("t.yaml, key 'train[0].random-crop.size': expected a positive whole number of pixels, not 8.5");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("size: 8", "size: big")))
                .hasMessage("t.yaml, key 'train[0].random-crop.size': expected a number, not \"big\"");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("random-crop: {size: 8}", "horizontal-mirror: {p: 2}")))
                .hasMessage("t.yaml, key 'train[0].horizontal-mirror.p': expected a probability in [0, 1], not 2.0");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("class-folder", "lmdb")))
                .hasMessage("t.yaml, key 'source.type': unknown source type 'lmdb'; expected one of: cifar10, class-folder, idx, segmentation");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL + "eval-modes: [ten-crop]\n"))
                .hasMessageContaining("ten-crop replaces the last center-crop of eval, but eval has no center-crop");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL + "eval-modes: [dense]\n"))
                .hasMessage("t.yaml, key 'eval-modes': dense rescales the image itself: it replaces eval's scale-shorter-side {size: S}"
                        + " followed by its last center-crop (without padding), and eval has no such pair");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL + "eval-modes: [150-crop]\n"))
                .hasMessage("t.yaml, key 'eval-modes': expected 'center', 'ten-crop', '144-crop' or 'dense', not '150-crop'");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("random-crop: {size: 8}", "random-area-crop: {size: 8, min-area: 0}")))
                .hasMessage("t.yaml, key 'train[0].random-area-crop.min-area': expected a fraction of the image area in (0, 1], not 0.0");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("random-crop: {size: 8}", "random-area-crop: {size: 8, min-aspect: 2}")))
                .hasMessage("t.yaml, key 'train[0].random-area-crop': min-aspect 2.0 is above max-aspect 1.3333333333333333");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("random-crop: {size: 8}", "photometric-distortion: {contrast: -1}")))
                .hasMessage("t.yaml, key 'train[0].photometric-distortion.contrast': expected a jitter amount >= 0"
                        + " (factors drawn from [max(0, 1 - j), 1 + j]), not -1.0");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", MINIMAL.replace("random-crop: {size: 8}", "scale-shorter-side: {min: 300}")))
                .hasMessage("t.yaml, key 'train[0].scale-shorter-side': give either size (a fixed shorter side) or min and max (a random one)");
        assertThatThrownBy(() -> PipelineSpec.parse("t.yaml", "name: [unclosed"))
                .hasMessageStartingWith("t.yaml, line ");
        assertThatThrownBy(() -> PipelineSpec.load("no-such-pipeline"))
                .hasMessageStartingWith("unknown pipeline 'no-such-pipeline'; shipped: alexnet, vgg");
    }
}
