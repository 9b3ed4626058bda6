package org.zoolab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind of pipeline step, defined once: the keys it takes (which are required, and of what type), whether
 * it normalises values (left out of previews), whether it needs the training set's statistics
 * ({@code zoolab data mean}), an extra check of its values, and the factory that builds its {@link Transform}.
 * {@link PipelineSpec} validates steps with it, {@link Pipeline} builds them with it, and the output shape of a
 * chain of steps is computed with it ({@link PipelineSpec#outputSize}). The kinds are listed in
 * {@link StepKinds}; adding a kind is one entry there.
 *
 * @param name       the YAML name, e.g. {@code random-crop}
 * @param keys       its keys, in the order messages list them
 * @param normalises whether it changes values rather than geometry or colour (mean subtraction, scaling)
 * @param stats      when it needs the training set's statistics
 * @param check      a check of the values beyond their types, or {@link #NO_CHECK}
 * @param factory    builds the step
 */
public record StepKind(String name, List<Key> keys, boolean normalises, Stats stats, Check check, Factory factory) {

    /** What a key holds; the reader checks it and names the key when it does not. */
    public enum KeyType {
        /** a positive whole number of pixels (below 65536) */
        PIXELS,
        /** a non-negative whole number of pixels (below 65536) */
        PADDING,
        /** any number */
        NUMBER,
        /** three numbers {@code [r, g, b]} */
        RGB
    }

    /** One key of a step. */
    public record Key(String name, KeyType type, boolean required) {
    }

    /** When a step needs the training set's statistics. */
    public enum Stats {
        NEVER, ALWAYS,
        /** unless its {@code rgb} values are given (channel-mean) */
        UNLESS_RGB_GIVEN
    }

    /** A problem with a step's values: the key ("" for the whole step) and what was expected. */
    public record Problem(String key, String message) {
    }

    /** Checks a step's values once their types are right; null when they are fine. */
    @FunctionalInterface
    public interface Check {
        Problem problem(PipelineSpec.StepSpec step);
    }

    /** Builds the step. */
    @FunctionalInterface
    public interface Factory {
        Transform create(PipelineSpec.StepSpec step, StepContext context);
    }

    /**
     * What a factory may use besides the step's keys.
     *
     * @param spec   the pipeline
     * @param stats  the training set's statistics; null when only the shape or the description is wanted
     * @param inSize {h, w} of the images before the step, or null when that varies
     * @param where  the step in messages: "pipelines/alexnet.yaml, train[1] mean-image"
     */
    public record StepContext(PipelineSpec spec, MeanStats stats, int[] inSize, String where) {
    }

    public static final Check NO_CHECK = s -> null;

    /** Whether {@code step} (of this kind) needs the training set's statistics. */
    public boolean usesStats(PipelineSpec.StepSpec step) {
        return stats == Stats.ALWAYS || (stats == Stats.UNLESS_RGB_GIVEN && step.rgb() == null);
    }

    /** The key names, in order. */
    public List<String> keyNames() {
        return keys.stream().map(Key::name).toList();
    }

    /** Starts a definition: {@code StepKind.named("warp").pixels(true, "width", "height").creates(...)}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Collects a definition; {@link #creates} ends it. */
    public static final class Builder {
        private final String name;
        private final List<Key> keys = new ArrayList<>();
        private boolean normalises;
        private Stats stats = Stats.NEVER;
        private Check check = NO_CHECK;

        private Builder(String name) {
            this.name = name;
        }

        /** Keys of one type, required or optional. */
        public Builder keys(KeyType type, boolean required, String... names) {
            for (String n : names) {
                keys.add(new Key(n, type, required));
            }
            return this;
        }

        /** Required keys of one type. */
        public Builder required(KeyType type, String... names) {
            return keys(type, true, names);
        }

        /** Optional keys of one type. */
        public Builder optional(KeyType type, String... names) {
            return keys(type, false, names);
        }

        public Builder normalises() {
            this.normalises = true;
            return this;
        }

        public Builder stats(Stats stats) {
            this.stats = stats;
            return this;
        }

        public Builder check(Check check) {
            this.check = check;
            return this;
        }

        public StepKind creates(Factory factory) {
            return new StepKind(name, List.copyOf(keys), normalises, stats, check, factory);
        }
    }
}
