package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.weights.WeightInit;

import java.util.Objects;

/**
 * Options for building a zoo model. Every field is optional: an unset field takes the model's default (its
 * paper's input size, class count and weight initialisation). Immutable; use {@link #builder()}.
 */
public final class ModelOptions {
    private final Integer numClasses;
    private final Integer inputChannels;
    private final Integer inputHeight;
    private final Integer inputWidth;
    private final long seed;
    private final WeightInit weightInit;
    private final Boolean batchNorm;
    private final CNN2DFormat layout;

    private ModelOptions(Builder b) {
        this.numClasses = b.numClasses;
        this.inputChannels = b.inputChannels;
        this.inputHeight = b.inputHeight;
        this.inputWidth = b.inputWidth;
        this.seed = b.seed;
        this.weightInit = b.weightInit;
        this.batchNorm = b.batchNorm;
        this.layout = b.layout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ModelOptions defaults() {
        return builder().build();
    }

    /** These options with every unset field filled from {@code model}'s defaults. */
    public ModelOptions resolvedFor(ModelInfo model) {
        Builder b = toBuilder();
        if (b.numClasses == null) b.numClasses = model.numClasses();
        if (b.inputChannels == null) b.inputChannels = model.inputChannels();
        if (b.inputHeight == null) b.inputHeight = model.inputHeight();
        if (b.inputWidth == null) b.inputWidth = model.inputWidth();
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.numClasses = numClasses;
        b.inputChannels = inputChannels;
        b.inputHeight = inputHeight;
        b.inputWidth = inputWidth;
        b.seed = seed;
        b.weightInit = weightInit;
        b.batchNorm = batchNorm;
        b.layout = layout;
        return b;
    }

    /** Number of classes; set after {@link #resolvedFor}. */
    public int numClasses() {
        return numClasses;
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    /** The input as a shape (of resolved options: after {@link #resolvedFor}). */
    public FeatureShape input() {
        return new FeatureShape(inputChannels, inputHeight, inputWidth);
    }

    public long seed() {
        return seed;
    }

    /** The caller's weight initialisation, or null for the paper's. */
    public WeightInit weightInit() {
        return weightInit;
    }

    /** Whether to use the batch-norm variant, or null for the model's default. */
    public Boolean batchNorm() {
        return batchNorm;
    }

    /**
     * The memory layout the net's feature maps run in: {@link CNN2DFormat#NCHW} (default) or {@link CNN2DFormat#NHWC}.
     * Inputs, outputs and parameters are channels first either way ({@link TrackedGraph}).
     */
    public CNN2DFormat layout() {
        return layout;
    }

    public boolean isSet(String field) {
        return switch (field) {
            case "numClasses" -> numClasses != null;
            case "input" -> inputChannels != null || inputHeight != null || inputWidth != null;
            case "weightInit" -> weightInit != null;
            case "batchNorm" -> batchNorm != null;
            default -> throw new IllegalArgumentException(field);
        };
    }

    @Override
    public String toString() {
        return "ModelOptions{classes=" + numClasses + ", input=" + inputChannels + "," + inputHeight + ","
                + inputWidth + ", seed=" + seed + ", weightInit=" + weightInit + ", batchNorm=" + batchNorm
                + ", layout=" + layout + "}";
    }

    /** Fluent builder for {@link ModelOptions}. */
    public static final class Builder {
        private Integer numClasses;
        private Integer inputChannels;
        private Integer inputHeight;
        private Integer inputWidth;
        private long seed = 42;
        private WeightInit weightInit;
        private Boolean batchNorm;
        private CNN2DFormat layout = CNN2DFormat.NCHW;

        public Builder numClasses(int n) {
            if (n < 1) throw new org.zoolab.BadInputException("number of classes must be at least 1, got " + n);
            this.numClasses = n;
            return this;
        }

        public Builder input(int channels, int height, int width) {
            if (channels < 1 || height < 1 || width < 1) {
                throw new org.zoolab.BadInputException("input shape must be positive C,H,W, got "
                        + channels + "," + height + "," + width);
            }
            this.inputChannels = channels;
            this.inputHeight = height;
            this.inputWidth = width;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder weightInit(WeightInit init) {
            this.weightInit = init;
            return this;
        }

        public Builder batchNorm(boolean on) {
            this.batchNorm = on;
            return this;
        }

        /** The layout of the feature maps while the net runs (see {@link ModelOptions#layout()}). */
        public Builder layout(CNN2DFormat layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        public ModelOptions build() {
            return new ModelOptions(this);
        }
    }
}
