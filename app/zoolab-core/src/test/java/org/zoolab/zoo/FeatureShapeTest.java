package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureShapeTest {

    private static String vaeTable(String input) {
        return """
                paper: p
                year: 2014
                input: %s
                models: [{name: v, aliases: [], latent: 2}]
                hidden: [500]
                activation: tanh
                decoder: bernoulli
                init: {distribution: normal, scale: 0.01}
                training: {optimizer: adam, learningRate: 0.001, batch: 100, epochs: 1}
                """.formatted(input);
    }

    @Test
    void oneShapeForTableInputsOptionsAndRegistryEntries() {
        FeatureShape s = new FeatureShape(3, 224, 224);
        assertThat(s).hasToString("3x224x224");
        assertThat(s.withChannels(64)).isEqualTo(new FeatureShape(64, 224, 224));
        assertThat(ZooConfigs.parse("zoo-configs/vae.yaml", vaeTable("{channels: 1, height: 28, width: 28}"),
                VaeFamily.Table.class).input()).isEqualTo(new FeatureShape(1, 28, 28));
        assertThat(Zoo.info("vgg-d").input()).isEqualTo(s);
        assertThat(Zoo.get("unet").options().input()).isEqualTo(new FeatureShape(1, 572, 572));
        ModelInfo info = new ModelInfo("m", java.util.List.of(), "f", 2000, "p", new FeatureShape(1, 28, 32), 10);
        assertThat(info.inputShape()).isEqualTo("1,28,32");
    }

    @Test
    void refusesEmptyShapesNamingTheTableKey() {
        assertThatThrownBy(() -> new FeatureShape(0, 5, 5)).hasMessage("channels, height and width must be positive, got 0x5x5");
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/vae.yaml", vaeTable("{channels: 1, height: 0, width: 28}"),
                VaeFamily.Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo-configs/vae.yaml, line 3, key 'input': channels, height and width must be positive, got 1x0x28");
    }
}
