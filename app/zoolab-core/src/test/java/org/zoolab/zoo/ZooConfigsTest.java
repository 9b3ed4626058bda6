package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.junit.jupiter.api.Test;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every table in zoo-configs/ is read by a registered family and loads; the registry answers names. */
class ZooConfigsTest {

    @Test
    void everyFileInZooConfigsIsReadByARegisteredFamilyAndLoads() throws IOException {
        Path dir = Path.of("../../zoo-configs");
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            // recipes.yaml holds the training recipes, not a family's table: org.zoolab.train.RecipeTest loads it
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("recipes.yaml")).sorted().toList();
        }
        assertThat(files).contains("perceptron.yaml", "mlp.yaml", "lenet5.yaml", "alexnet.yaml", "vgg.yaml");
        Map<String, ModelFamily> families = Zoo.families().stream()
                .collect(Collectors.toMap(ModelFamily::family, Function.identity()));
        for (String file : files) {
            String family = file.substring(0, file.length() - ".yaml".length());
            assertThat(families).as("a registered family reads " + file).containsKey(family);
            assertThat(families.get(family).models()).as(file).isNotEmpty();
        }
    }

    @Test
    void everyRegisteredModelConfiguresAndSummarisesAtItsDefaultInput() {
        for (ModelInfo info : Zoo.models()) {
            ModelSummary s = Zoo.get(info.name()).summary();
            assertThat(s.trainableParams()).as(info.name()).isPositive();
            if (info.family().equals("vae") || info.family().equals("gan")) {
                continue; // generative models have no classes; GenerativeFamiliesTest checks their outputs
            }
            // one output per class (a vector, or a per-pixel map for segmentation)
            assertThat(s.layers().get(s.layers().size() - 1).outputShape().get(0)).as(info.name())
                    .isEqualTo((long) info.numClasses());
        }
    }

    @Test
    void classicModelsAreRegisteredInListingOrder() {
        assertThat(Zoo.names()).containsSubsequence("perceptron", "mlp", "lenet5", "alexnet", "alexnet-owt",
                "vgg-a", "vgg-a-lrn", "vgg-b", "vgg-c", "vgg-d", "vgg-e", "vgg-a-bn", "vgg-b-bn", "vgg-d-bn", "vgg-e-bn");
    }

    @Test
    void unknownModelNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Zoo.get("vgg-f"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("unknown model 'vgg-f'; known models: perceptron, mlp, lenet5");
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/lenet5.yaml", "name: lenet5\nlayers: [c1: {\n", LeNet5Family.Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("zoo-configs/lenet5.yaml, line ");
    }

    @Test
    void unknownLayerKindInLeNetNamesTheLayerKey() throws Exception {
        String yaml = new String(ZooConfigsTest.class.getClassLoader().getResourceAsStream("zoo-configs/lenet5.yaml").readAllBytes())
                .replace("s4: avgpool", "s4: subsample");
        assertThatThrownBy(() -> ClassicFamiliesTest.withConfigDir("lenet5", yaml, LeNet5Family::table))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("zoo-configs/lenet5.yaml, key 'layers.s4': unknown layer kind 'subsample'");
    }

    @Test
    void tableWhoseMapShrinksToZeroNamesTheLayer() throws Exception {
        // a sixth 5x5 convolution after C5's 1x1 map
        String yaml = new String(ZooConfigsTest.class.getClassLoader().getResourceAsStream("zoo-configs/lenet5.yaml").readAllBytes())
                .replace("  f6: fc-84", "  c6: conv5-10\n  f6: fc-84");
        Zoo.names(); // index the registry from the packaged tables first
        assertThatThrownBy(() -> ClassicFamiliesTest.withConfigDir("lenet5", yaml, () -> Zoo.get("lenet5")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo-configs/lenet5.yaml, key 'layers.c6': the feature map shrinks to nothing at layer 'c6': "
                        + "its input is 120x1x1 but its convolution window is 5x5 (stride 1, padding 0); use a larger input or a shallower table");
    }
}
