package org.zoolab.generative;

import org.zoolab.BadInputException;

import java.nio.file.Path;

/**
 * Options of a generative training run ({@code zoolab train vae|vae-2d|gan|dcgan}). Unset numbers take the
 * model's table defaults ({@code zoo-configs/vae.yaml}, {@code gan.yaml}). Immutable; use {@link #builder()}.
 */
public final class GenerativeOptions {
    private final String model;
    private final Path runDir;
    private final Integer epochs;
    private final Integer batch;
    private final Double learningRate;
    private final long seed;
    private final Integer trainLimit;
    private final boolean resume;
    private final boolean fid;
    private final int fidSamples;
    private final int coverageSamples;
    private final Path classifier;
    private final int classifierEpochs;

    private GenerativeOptions(Builder b) {
        this.model = b.model;
        this.runDir = b.runDir;
        this.epochs = b.epochs;
        this.batch = b.batch;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.trainLimit = b.trainLimit;
        this.resume = b.resume;
        this.fid = b.fid;
        this.fidSamples = b.fidSamples;
        this.coverageSamples = b.coverageSamples;
        this.classifier = b.classifier;
        this.classifierEpochs = b.classifierEpochs;
    }

    public static Builder builder(String model, Path runDir) {
        return new Builder(model, runDir);
    }

    /** The zoo model: {@code vae}, {@code vae-2d}, {@code gan} or {@code dcgan} (or an alias). */
    public String model() {
        return model;
    }

    /** Where the run's files go. */
    public Path runDir() {
        return runDir;
    }

    /** Epochs to train in total (a resumed run continues up to this), or null for the table's. */
    public Integer epochs() {
        return epochs;
    }

    /** Minibatch size, or null for the table's. */
    public Integer batch() {
        return batch;
    }

    /** Learning rate, or null for the table's. */
    public Double learningRate() {
        return learningRate;
    }

    public long seed() {
        return seed;
    }

    /** Train on the first N training images only, or null for all. */
    public Integer trainLimit() {
        return trainLimit;
    }

    /** Continue the run in {@link #runDir} from its checkpoint. */
    public boolean resume() {
        return resume;
    }

    /** GANs: measure LeNet-FID and class coverage each epoch. */
    public boolean fid() {
        return fid;
    }

    /** GANs: generated (and real) images per LeNet-FID, at most half the test set on the real side. */
    public int fidSamples() {
        return fidSamples;
    }

    /** GANs: samples classified for class coverage. */
    public int coverageSamples() {
        return coverageSamples;
    }

    /** A trained LeNet-5 checkpoint for LeNet-FID, or null to train one into the run directory. */
    public Path classifier() {
        return classifier;
    }

    /** Epochs for training that LeNet-5 when none is given. */
    public int classifierEpochs() {
        return classifierEpochs;
    }

    /** Fluent builder for {@link GenerativeOptions}. */
    public static final class Builder {
        private final String model;
        private final Path runDir;
        private Integer epochs;
        private Integer batch;
        private Double learningRate;
        private long seed = 42;
        private Integer trainLimit;
        private boolean resume;
        private boolean fid = true;
        private int fidSamples = 5000;
        private int coverageSamples = 1000;
        private Path classifier;
        private int classifierEpochs = 3;

        private Builder(String model, Path runDir) {
            if (model == null || model.isBlank()) throw new BadInputException("no model given; expected vae, vae-2d, gan or dcgan");
            if (runDir == null) throw new BadInputException("no run directory given");
            this.model = model;
            this.runDir = runDir;
        }

        public Builder epochs(int n) {
            if (n < 1) throw new BadInputException("--epochs must be at least 1, got " + n);
            this.epochs = n;
            return this;
        }

        public Builder batch(int n) {
            if (n < 1) throw new BadInputException("--batch must be at least 1, got " + n);
            this.batch = n;
            return this;
        }

        public Builder learningRate(double lr) {
            if (!(lr > 0) || Double.isInfinite(lr)) throw new BadInputException("--lr must be a positive number, got " + lr);
            this.learningRate = lr;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder trainLimit(int n) {
            if (n < 1) throw new BadInputException("--limit must be at least 1, got " + n);
            this.trainLimit = n;
            return this;
        }

        public Builder resume(boolean on) {
            this.resume = on;
            return this;
        }

        public Builder fid(boolean on) {
            this.fid = on;
            return this;
        }

        public Builder fidSamples(int n) {
            if (n < 2) throw new BadInputException("--fid-samples must be at least 2, got " + n);
            this.fidSamples = n;
            return this;
        }

        public Builder coverageSamples(int n) {
            if (n < 1) throw new BadInputException("--coverage-samples must be at least 1, got " + n);
            this.coverageSamples = n;
            return this;
        }

        public Builder classifier(Path checkpoint) {
            this.classifier = checkpoint;
            return this;
        }

        public Builder classifierEpochs(int n) {
            if (n < 1) throw new BadInputException("--classifier-epochs must be at least 1, got " + n);
            this.classifierEpochs = n;
            return this;
        }

        public GenerativeOptions build() {
            return new GenerativeOptions(this);
        }
    }
}
