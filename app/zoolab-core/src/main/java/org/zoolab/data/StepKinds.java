package org.zoolab.data;

import org.zoolab.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.zoolab.data.StepKind.KeyType.NUMBER;
import static org.zoolab.data.StepKind.KeyType.PADDING;
import static org.zoolab.data.StepKind.KeyType.PIXELS;
import static org.zoolab.data.StepKind.KeyType.RGB;

/**
 * The step kinds a pipeline may use, one {@link StepKind} entry each. To add a kind: write its
 * {@link Transform} and add one {@link #register} entry here with its keys, flags, check and factory; the
 * reader, the validation, the builder and the shape computation pick it up.
 */
public final class StepKinds {
    private static final Map<String, StepKind> KINDS = new LinkedHashMap<>();

    static {
        register(StepKind.named("warp").required(PIXELS, "width", "height")
                .creates((s, c) -> new Warp(s.integer("width"), s.integer("height"))));
        register(StepKind.named("scale-shorter-side").optional(PIXELS, "size", "min", "max")
                .check(StepKinds::checkShorterSide)
                .creates((s, c) -> s.has("size") ? ScaleShorterSide.fixed(s.integer("size"))
                        : new ScaleShorterSide(s.integer("min"), s.integer("max"))));
        register(StepKind.named("random-crop").required(PIXELS, "size").optional(PADDING, "padding")
                .creates((s, c) -> new RandomCrop(s.integer("size"), s.integer("padding"))));
        register(StepKind.named("center-crop").required(PIXELS, "size").optional(PADDING, "padding")
                .creates((s, c) -> new CenterCrop(s.integer("size"), s.integer("padding"))));
        register(StepKind.named("horizontal-mirror").optional(NUMBER, "p")
                .check(s -> s.get("p", 0.5) >= 0 && s.get("p", 0.5) <= 1 ? null
                        : new StepKind.Problem("p", "expected a probability in [0, 1], not " + s.get("p", 0.5)))
                .creates((s, c) -> new HorizontalMirror(s.get("p", 0.5))));
        register(StepKind.named("mean-image").normalises().stats(StepKind.Stats.ALWAYS)
                .creates(StepKinds::meanImage));
        register(StepKind.named("channel-mean").optional(RGB, "rgb").normalises().stats(StepKind.Stats.UNLESS_RGB_GIVEN)
                .creates(StepKinds::channelMean));
        register(StepKind.named("pca-color-noise").required(NUMBER, "sigma").stats(StepKind.Stats.ALWAYS)
                .check(s -> s.get("sigma", 0) >= 0 ? null : new StepKind.Problem("sigma", "expected a standard deviation >= 0"))
                .creates(StepKinds::pcaColorNoise));
        register(StepKind.named("random-area-crop").required(PIXELS, "size")
                .optional(NUMBER, "min-area", "max-area", "min-aspect", "max-aspect")
                .check(StepKinds::checkAreaCrop)
                .creates((s, c) -> new RandomAreaCrop(s.integer("size"), s.get("min-area", 0.08), s.get("max-area", 1.0),
                        s.get("min-aspect", 3.0 / 4), s.get("max-aspect", 4.0 / 3))));
        register(StepKind.named("photometric-distortion").optional(NUMBER, "brightness", "contrast", "saturation")
                .check(StepKinds::checkJitter)
                .creates((s, c) -> new PhotometricDistortion(s.get("brightness", 0.4), s.get("contrast", 0.4),
                        s.get("saturation", 0.4))));
        register(StepKind.named("scale-values").required(NUMBER, "divide-by").normalises()
                .check(s -> s.get("divide-by", 0) > 0 ? null : new StepKind.Problem("divide-by", "expected a positive number"))
                .creates((s, c) -> new ScaleValues((float) s.get("divide-by", 1))));
    }

    private StepKinds() {
    }

    /** Adds a kind; its name must be new. */
    private static void register(StepKind kind) {
        if (KINDS.putIfAbsent(kind.name(), kind) != null) {
            throw new IllegalStateException("step kind " + kind.name() + " is registered twice");
        }
    }

    /** The kind with this YAML name, or null. */
    public static StepKind get(String name) {
        return KINDS.get(name);
    }

    /** The YAML names, in registration order. */
    public static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    private static StepKind.Problem checkShorterSide(PipelineSpec.StepSpec s) {
        boolean fixed = s.has("size");
        boolean range = s.has("min") || s.has("max");
        if (fixed == range || (range && !(s.has("min") && s.has("max")))) {
            return new StepKind.Problem("", "give either size (a fixed shorter side) or min and max (a random one)");
        }
        if (range && s.get("min", 0) > s.get("max", 0)) {
            return new StepKind.Problem("", "min " + s.integer("min") + " is above max " + s.integer("max"));
        }
        return null;
    }

    private static StepKind.Problem checkAreaCrop(PipelineSpec.StepSpec s) {
        double lo = s.get("min-area", 0.08);
        double hi = s.get("max-area", 1.0);
        if (!(lo > 0 && lo <= 1)) {
            return new StepKind.Problem("min-area", "expected a fraction of the image area in (0, 1], not " + lo);
        }
        if (!(hi > 0 && hi <= 1)) {
            return new StepKind.Problem("max-area", "expected a fraction of the image area in (0, 1], not " + hi);
        }
        if (lo > hi) {
            return new StepKind.Problem("", "min-area " + lo + " is above max-area " + hi);
        }
        double a = s.get("min-aspect", 3.0 / 4);
        double b = s.get("max-aspect", 4.0 / 3);
        if (!(a > 0)) {
            return new StepKind.Problem("min-aspect", "expected a positive width/height ratio, not " + a);
        }
        if (!(b > 0)) {
            return new StepKind.Problem("max-aspect", "expected a positive width/height ratio, not " + b);
        }
        if (a > b) {
            return new StepKind.Problem("", "min-aspect " + a + " is above max-aspect " + b);
        }
        return null;
    }

    private static StepKind.Problem checkJitter(PipelineSpec.StepSpec s) {
        for (String k : List.of("brightness", "contrast", "saturation")) {
            double v = s.get(k, 0.4);
            if (!(v >= 0)) {
                return new StepKind.Problem(k, "expected a jitter amount >= 0 (factors drawn from [max(0, 1 - j), 1 + j]), not " + v);
            }
        }
        return null;
    }

    private static Transform meanImage(PipelineSpec.StepSpec s, StepKind.StepContext c) {
        MeanStats stats = c.stats();
        if (stats == null) {
            return new MeanImage(null);
        }
        FloatImage mean = stats.meanImage();
        if (mean == null) {
            throw new BadInputException(c.where() + ": the mean file (" + stats.key() + ") has no mean image: the image size after '"
                    + stats.key() + "' varies");
        }
        int[] size = c.inSize();
        if (size == null) {
            throw new BadInputException(c.where() + ": needs a fixed image size here (put it after warp or a crop)");
        }
        if (size[0] != mean.height() || size[1] != mean.width()) {
            throw new BadInputException(c.where() + ": the mean image is " + mean.height() + "x" + mean.width()
                    + " (computed after '" + stats.key() + "' on " + stats.source() + ") but the images here are "
                    + size[0] + "x" + size[1]);
        }
        return new MeanImage(mean);
    }

    private static Transform channelMean(PipelineSpec.StepSpec s, StepKind.StepContext c) {
        PipelineSpec spec = c.spec();
        if (s.rgb() != null) {
            if (spec.decode().channels() != 3) {
                throw new BadInputException(spec.file() + ": channel-mean rgb needs decode.channels 3");
            }
            return new ChannelMean(new float[]{s.rgb().get(0).floatValue(), s.rgb().get(1).floatValue(), s.rgb().get(2).floatValue()});
        }
        if (c.stats() == null) {
            return new ChannelMean(new float[spec.decode().channels()]);
        }
        double[] m = c.stats().channelMean();
        float[] f = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            f[i] = (float) m[i];
        }
        return new ChannelMean(f);
    }

    private static Transform pcaColorNoise(PipelineSpec.StepSpec s, StepKind.StepContext c) {
        MeanStats stats = c.stats();
        if (stats == null) {
            return new PcaColorNoise(s.get("sigma", 0.1), new double[3], new double[3][3]);
        }
        if (stats.eigenvalues() == null) {
            throw new BadInputException(c.spec().file() + ": pca-color-noise needs RGB images; the statistics are of grey images");
        }
        return new PcaColorNoise(s.get("sigma", 0.1), stats.eigenvalues(), stats.eigenvectors());
    }
}
