package org.zoolab.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;
import java.util.Map;

/**
 * The ResNet table, {@code zoo-configs/resnet.yaml}: the paper's optimiser, the stems, and one row per model.
 *
 * @param optimizer the paper's SGD settings
 * @param stems     named stems ({@code imagenet}, {@code cifar}) the rows refer to
 * @param models    rows by model name, in listing order
 */
public record ResNetTable(PaperSgd optimizer, Map<String, Stem> stems, Map<String, Model> models) {

    public ResNetTable {
        if (optimizer == null || stems == null || models == null || models.isEmpty()) {
            throw new IllegalArgumentException("the table needs optimizer, stems and at least one model");
        }
        for (Map.Entry<String, Model> row : models.entrySet()) {
            if (!stems.containsKey(row.getValue().stem())) {
                throw new IllegalArgumentException("models." + row.getKey() + ".stem: unknown stem '"
                        + row.getValue().stem() + "'; the table defines: " + String.join(", ", stems.keySet()));
            }
        }
    }

    /**
     * The first convolution (with BN and ReLU) and, for ImageNet, the 3x3/2 max pool.
     *
     * @param width   filters
     * @param kernel  kernel size
     * @param stride  stride
     * @param padding zeros on every side
     * @param maxPool whether a 3x3/2 max pool (padding 1) follows
     */
    public record Stem(int width, int kernel, int stride, int padding, boolean maxPool) {
        public Stem {
            if (width < 1 || kernel < 1 || stride < 1 || padding < 0) {
                throw new IllegalArgumentException("stem width, kernel and stride must be positive and padding not negative, got width "
                        + width + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
            }
        }
    }

    /** The residual block type: {@code basic} ({@link BasicBlock}) or {@code bottleneck} ({@link Bottleneck}). */
    public enum Block {
        BASIC(BasicBlock.EXPANSION), BOTTLENECK(Bottleneck.EXPANSION);

        private final int expansion;

        Block(int expansion) {
            this.expansion = expansion;
        }

        /** Output channels per unit of stage width. */
        public int expansion() {
            return expansion;
        }

        @JsonCreator
        public static Block fromTable(String value) {
            for (Block b : values()) {
                if (b.name().equalsIgnoreCase(value)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown block type '" + value + "'; expected one of: basic, bottleneck");
        }
    }

    /**
     * The ResNet version: {@code v1} (He et al. 2015: post-activation, in a bottleneck the stride on the first
     * 1x1), {@code v1.5} (torchvision's: the bottleneck's stride on its 3x3) or {@code v2} (He et al. 2016:
     * pre-activation units, {@link PreActBlock}, bottleneck stride on the 3x3).
     */
    public enum Version {
        V1("v1"), V1_5("v1.5"), V2("v2");

        private final String key;

        Version(String key) {
            this.key = key;
        }

        @JsonCreator
        public static Version fromTable(String value) {
            for (Version v : values()) {
                if (v.key.equalsIgnoreCase(value)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown version '" + value + "'; expected one of: v1, v1.5, v2");
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /**
     * One model.
     *
     * @param aliases  other names
     * @param paper    where its numbers come from
     * @param year     the paper's year
     * @param input    default input
     * @param classes  default classes
     * @param stem     a key of {@code stems}
     * @param version  v1, v1.5 or v2 ({@link Version})
     * @param block    block type
     * @param shortcut shortcut option
     * @param blocks   blocks per stage
     * @param widths   width per stage (a bottleneck outputs 4x)
     * @param strides  stride of each stage's first block
     */
    public record Model(List<String> aliases, String paper, int year, FeatureShape input, int classes, String stem,
                        Version version, Block block, Shortcut shortcut, List<Integer> blocks, List<Integer> widths,
                        List<Integer> strides) implements ModelRow {
        public Model {
            TableRows.checkInputAndClasses(input, classes);
            TableRows.checkPositive("blocks", blocks);
            TableRows.checkPositive("widths", widths);
            TableRows.checkPositive("strides", strides);
            if (widths.size() != blocks.size() || strides.size() != blocks.size()) {
                throw new IllegalArgumentException("blocks, widths and strides must have one entry per stage, got "
                        + blocks.size() + ", " + widths.size() + " and " + strides.size());
            }
            if (version == null || block == null || shortcut == null) {
                throw new IllegalArgumentException("version, block and shortcut are required");
            }
        }
    }
}
