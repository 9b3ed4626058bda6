package org.zoolab.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.zoolab.BadInputException;
import org.zoolab.io.ConfigException;
import org.zoolab.io.StrictYaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A declarative pipeline as written in {@code pipelines/NAME.yaml}: the source, how files are decoded, the
 * steps for training and for evaluation, the batch size and how far ahead batches are prepared. Read strictly
 * ({@link StrictYaml}): an unknown key, a key given twice, a missing value or a value of the wrong kind is a
 * {@link ConfigException} naming the file, the key and what was expected. Steps are read, checked and built with
 * their {@link StepKind} definitions ({@link StepKinds}). Example:
 * <pre>
 * name: alexnet
 * source: {type: class-folder, dataset: imagenet, train: train, eval: val}
 * decode: {channels: 3, max-megapixels: 50}
 * train:
 *   - warp: {width: 256, height: 256}
 *   - mean-image: {}
 *   - random-crop: {size: 227}
 *   - horizontal-mirror: {p: 0.5}
 *   - pca-color-noise: {sigma: 0.1}
 * eval:
 *   - warp: {width: 256, height: 256}
 *   - mean-image: {}
 *   - center-crop: {size: 227}
 * eval-modes: [center, ten-crop]
 * batch-size: 128
 * prefetch: 4
 * decode-threads: 2
 * </pre>
 * The record keeps the YAML text as read ({@code yaml}, which a run directory keeps) and how the pipeline was
 * named ({@code given}: the name or path given to {@link #load}, the file name for {@link #parse}), so it is
 * located and parsed once and passed on.
 * <p>
 * Where files come from: a path ending in .yaml/.yml is read as a file; a name is looked up in the folder named
 * by the system property {@code zoolab.pipelines} or the environment variable {@code ZOOLAB_PIPELINES} when
 * set, else in the copy packaged in the jar ({@code pipelines/NAME.yaml}).
 */
public record PipelineSpec(String name, String file, String description, SourceSpec source, DecodeSpec decode,
                           List<StepSpec> train, List<StepSpec> eval, List<EvalMode> evalModes,
                           int batchSize, int prefetch, int decodeThreads, String yaml, String given) {

    /** The pipelines shipped in {@code pipelines/}. */
    public static final List<String> SHIPPED = List.of("alexnet", "vgg", "vgg-multiscale", "resnet", "mnist", "mnist-lenet5",
            "fashion-mnist", "cifar10", "segmentation", "bench-256-224", "googlenet");

    /** Source types. */
    public static final Set<String> SOURCE_TYPES = Set.of("class-folder", "idx", "cifar10", "segmentation");


    /**
     * How evaluation views are taken: the last crop step as written ({@code center}), the ten-crop of that crop's
     * size ({@code ten-crop}, AlexNet), GoogLeNet's 144 crops ({@code 144-crop}) or VGG's dense evaluation of the
     * whole image ({@code dense}). The last two replace the eval steps {@code scale-shorter-side} + {@code center-crop}
     * ({@link #rescaleStep}).
     */
    public enum EvalMode {
        CENTER("center"), TEN_CROP("ten-crop"), CROPS_144("144-crop"), DENSE("dense");

        private final String yamlName;

        EvalMode(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static EvalMode parse(String s) {
            for (EvalMode m : values()) {
                if (m.yamlName().equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("expected 'center', 'ten-crop', '144-crop' or 'dense', not '" + s + "'");
        }
    }

    /**
     * Where the examples come from.
     *
     * @param type     class-folder, idx, cifar10 or segmentation
     * @param dataset  the data set's name in the zoolab data directory (e.g. imagenet, mnist)
     * @param train    the training split: a sub-folder (class-folder, segmentation) or a split name
     * @param eval     the evaluation split, likewise
     * @param images   segmentation only: the images sub-folder of a split
     * @param masks    segmentation only: the masks sub-folder of a split
     * @param classes  segmentation only: the number of mask classes
     * @param encoding segmentation only: binary or index
     */
    public record SourceSpec(String type, String dataset, String train, String eval, String images, String masks,
                             int classes, SegmentationPairReader.MaskEncoding encoding) {
    }

    /** How files are decoded: 3 channels (RGB) or 1 (grey), and the refusal limit on declared image size. */
    public record DecodeSpec(int channels, double maxMegapixels) {
        public long maxPixels() {
            return (long) (maxMegapixels * 1_000_000L);
        }
    }

    /** One step as written: its kind and its keys. */
    public record StepSpec(String kind, Map<String, Double> params, List<Double> rgb) {
        public double get(String key, double fallback) {
            Double v = params.get(key);
            return v == null ? fallback : v;
        }

        /** A whole-number key (pixels), 0 when absent. */
        public int integer(String key) {
            return (int) get(key, 0);
        }

        /** The kind's definition. */
        public StepKind definition() {
            return StepKinds.get(kind);
        }

        /** Builds the step; {@code context.stats()} may be null when only the shape or description is wanted. */
        public Transform create(StepKind.StepContext context) {
            return definition().factory().create(this, context);
        }

        public boolean has(String key) {
            return params.containsKey(key);
        }

        /** Steps that change values rather than geometry or colour (left out of previews). */
        public boolean normalises() {
            return definition().normalises();
        }

        /** Steps whose values come from the training set's statistics ({@code zoolab data mean}). */
        public boolean usesStats() {
            return definition().usesStats(this);
        }
    }

    /** Loads a shipped pipeline by name, or a YAML file by path. */
    public static PipelineSpec load(String nameOrPath) {
        String[] located = locate(nameOrPath);
        PipelineSpec s = parse(located[0], located[1]);
        return new PipelineSpec(s.name, s.file, s.description, s.source, s.decode, s.train, s.eval, s.evalModes, s.batchSize,
                s.prefetch, s.decodeThreads, s.yaml, nameOrPath);
    }

    /** {where, text} of a pipeline name or file. */
    private static String[] locate(String nameOrPath) {
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            Path p = Path.of(nameOrPath);
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(nameOrPath + ": no such pipeline file");
            }
            return new String[]{p.toString(), readFile(p)};
        }
        if (!nameOrPath.matches("[A-Za-z0-9_.-]+")) {
            throw new BadInputException("'" + nameOrPath + "' is neither a pipeline name (" + String.join(", ", SHIPPED)
                    + ") nor a .yaml file");
        }
        String dir = System.getProperty("zoolab.pipelines", System.getenv("ZOOLAB_PIPELINES"));
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir, nameOrPath + ".yaml");
            if (Files.isRegularFile(p)) {
                return new String[]{p.toString(), readFile(p)};
            }
        }
        String resource = "pipelines/" + nameOrPath + ".yaml";
        try (InputStream in = PipelineSpec.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadInputException("unknown pipeline '" + nameOrPath + "'; shipped: " + String.join(", ", SHIPPED)
                        + " (or give a .yaml file)");
            }
            return new String[]{resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)};
        } catch (IOException e) {
            throw new BadInputException(resource + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String readFile(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(p + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses YAML text; {@code file} names it in error messages. */
    public static PipelineSpec parse(String file, String yaml) {
        JsonNode root = StrictYaml.tree(file, yaml);
        Reader r = new Reader(file);
        if (!root.isObject()) {
            throw r.error("", "expected a mapping with keys name, source, decode, train, eval, batch-size");
        }
        r.keys(root, "", Set.of("name", "description", "source", "decode", "train", "eval", "eval-modes",
                "batch-size", "prefetch", "decode-threads"));
        String name = r.text(root, "name", null);
        String description = r.text(root, "description", "");
        SourceSpec source = r.source(r.object(root, "source"));
        JsonNode decodeNode = root.get("decode");
        DecodeSpec decode;
        if (decodeNode == null) {
            decode = new DecodeSpec(3, ImageDecoder.DEFAULT_MAX_PIXELS / 1e6);
        } else {
            r.keys(decodeNode, "decode", Set.of("channels", "max-megapixels"));
            int channels = r.integer(decodeNode, "decode.channels", "channels", 3);
            if (channels != 1 && channels != 3) {
                throw r.error("decode.channels", "expected 1 (grey) or 3 (RGB), not " + channels);
            }
            double mp = r.number(decodeNode, "decode.max-megapixels", "max-megapixels", ImageDecoder.DEFAULT_MAX_PIXELS / 1e6);
            if (!(mp > 0)) {
                throw r.error("decode.max-megapixels", "expected a positive number of megapixels");
            }
            decode = new DecodeSpec(channels, mp);
        }
        List<StepSpec> train = r.steps(root, "train");
        List<StepSpec> eval = r.steps(root, "eval");
        List<EvalMode> modes = new ArrayList<>();
        JsonNode modesNode = root.get("eval-modes");
        if (modesNode == null) {
            modes.add(EvalMode.CENTER);
        } else {
            if (!modesNode.isArray() || modesNode.isEmpty()) {
                throw r.error("eval-modes", "expected a list of 'center', 'ten-crop', '144-crop', 'dense'");
            }
            for (JsonNode m : modesNode) {
                try {
                    modes.add(EvalMode.parse(m.asText()));
                } catch (IllegalArgumentException e) {
                    throw r.error("eval-modes", e.getMessage());
                }
            }
        }
        int batch = r.positive(root, "batch-size", null);
        int prefetch = r.positive(root, "prefetch", 4);
        int threads = r.positive(root, "decode-threads", 2);
        PipelineSpec spec = new PipelineSpec(name, file, description, source, decode, List.copyOf(train),
                List.copyOf(eval), List.copyOf(modes), batch, prefetch, threads, yaml, file);
        spec.check(r);
        return spec;
    }

    private void check(Reader r) {
        if (evalModes.contains(EvalMode.TEN_CROP)) {
            if (eval.isEmpty() || !eval.get(eval.size() - 1).kind().equals("center-crop")) {
                boolean cropLast = false;
                for (int i = eval.size() - 1; i >= 0; i--) {
                    String k = eval.get(i).kind();
                    if (k.equals("center-crop")) {
                        cropLast = true;
                        break;
                    }
                    if (!eval.get(i).normalises()) {
                        break;
                    }
                }
                if (!cropLast) {
                    throw r.error("eval-modes", "ten-crop replaces the last center-crop of eval, but eval has no center-crop"
                            + " followed only by value steps");
                }
            }
            int at = tenCropStep();
            if (at >= 0 && eval.get(at).get("padding", 0) > 0) {
                throw r.error("eval-modes", "ten-crop takes corners of the image itself; it cannot replace a center-crop"
                        + " with padding");
            }
        }
        for (EvalMode m : List.of(EvalMode.CROPS_144, EvalMode.DENSE)) {
            if (evalModes.contains(m) && rescaleStep() < 0) {
                throw r.error("eval-modes", m.yamlName() + " rescales the image itself: it replaces eval's scale-shorter-side {size: S}"
                        + " followed by its last center-crop (without padding), and eval has no such pair");
            }
        }
    }

    /**
     * The index, in {@code eval}, of the fixed {@code scale-shorter-side} directly followed by the last
     * {@code center-crop} (without padding): the two steps that 144-crop and dense evaluation replace; -1 if none.
     */
    public int rescaleStep() {
        int crop = tenCropStep();
        if (crop < 1 || eval.get(crop).get("padding", 0) > 0) {
            return -1;
        }
        StepSpec scale = eval.get(crop - 1);
        return scale.kind().equals("scale-shorter-side") && scale.has("size") ? crop - 1 : -1;
    }

    /**
     * {h, w} of the images {@code steps} (this pipeline's train or eval steps) make from images of {@code inSize}
     * ({h, w}, or null when the input size varies, as for a folder of photos); null when the output size varies.
     * Computed from the step definitions, without statistics, so before any data is opened.
     */
    public int[] outputSize(List<StepSpec> steps, int[] inSize) {
        int[] size = inSize == null ? null : inSize.clone();
        for (int i = 0; i < steps.size(); i++) {
            StepSpec s = steps.get(i);
            size = s.create(new StepKind.StepContext(this, null, size, file + ", step " + i + " " + s.kind())).outputSize(size);
        }
        return size;
    }

    /** The index, in {@code eval}, of the center-crop that ten-crop replaces; -1 if none. */
    public int tenCropStep() {
        for (int i = eval.size() - 1; i >= 0; i--) {
            if (eval.get(i).kind().equals("center-crop")) {
                return i;
            }
        }
        return -1;
    }

    /** Strict reading of the YAML tree with messages naming the file and key. */
    private static final class Reader {
        final String file;

        Reader(String file) {
            this.file = file;
        }

        ConfigException error(String key, String problem) {
            return new ConfigException(file, key, problem);
        }

        void keys(JsonNode node, String where, Set<String> allowed) {
            StrictYaml.checkKeys(file, node, where, allowed);
        }

        JsonNode object(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                throw error(key, "missing");
            }
            if (!n.isObject()) {
                throw error(key, "expected a mapping");
            }
            return n;
        }

        String text(JsonNode parent, String key, String fallback) {
            return text(parent, key, key, fallback);
        }

        String text(JsonNode parent, String path, String key, String fallback) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                if (fallback == null) {
                    throw error(path, "missing");
                }
                return fallback;
            }
            if (!n.isTextual()) {
                throw error(path, "expected text, not " + n);
            }
            return n.asText();
        }

        double number(JsonNode parent, String path, String key, double fallback) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                if (Double.isNaN(fallback)) {
                    throw error(path, "missing");
                }
                return fallback;
            }
            if (!n.isNumber()) {
                throw error(path, "expected a number, not " + n);
            }
            return n.asDouble();
        }

        int integer(JsonNode parent, String path, String key, Integer fallback) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                if (fallback == null) {
                    throw error(path, "missing");
                }
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw error(path, "expected a whole number, not " + n);
            }
            return n.asInt();
        }

        int positive(JsonNode parent, String key, Integer fallback) {
            int v = integer(parent, key, key, fallback);
            if (v <= 0) {
                throw error(key, "expected a positive whole number, not " + v);
            }
            return v;
        }

        SourceSpec source(JsonNode n) {
            keys(n, "source", Set.of("type", "dataset", "train", "eval", "images", "masks", "classes", "masks-encoding"));
            String type = text(n, "source.type", "type", null);
            if (!SOURCE_TYPES.contains(type)) {
                throw error("source.type", "unknown source type '" + type + "'; expected one of: "
                        + String.join(", ", new TreeSet<>(SOURCE_TYPES)));
            }
            String dataset = text(n, "source.dataset", "dataset", null);
            boolean folders = type.equals("class-folder") || type.equals("segmentation");
            String train = text(n, "source.train", "train", folders ? "train" : "train");
            String eval = text(n, "source.eval", "eval", folders ? "val" : "test");
            if (!type.equals("segmentation")) {
                for (String k : List.of("images", "masks", "classes", "masks-encoding")) {
                    if (n.has(k)) {
                        throw error("source." + k, "only for source type segmentation");
                    }
                }
                return new SourceSpec(type, dataset, train, eval, null, null, 0, null);
            }
            String images = text(n, "source.images", "images", "images");
            String masks = text(n, "source.masks", "masks", "masks");
            int classes = integer(n, "source.classes", "classes", 2);
            String enc = text(n, "source.masks-encoding", "masks-encoding", "binary");
            SegmentationPairReader.MaskEncoding encoding;
            try {
                encoding = SegmentationPairReader.MaskEncoding.valueOf(enc.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error("source.masks-encoding", "expected binary or index, not '" + enc + "'");
            }
            if (classes < 2 || (encoding == SegmentationPairReader.MaskEncoding.BINARY && classes != 2)) {
                throw error("source.classes", encoding == SegmentationPairReader.MaskEncoding.BINARY
                        ? "binary masks have 2 classes, not " + classes : "expected at least 2 classes, not " + classes);
            }
            return new SourceSpec(type, dataset, train, eval, images, masks, classes, encoding);
        }

        List<StepSpec> steps(JsonNode root, String key) {
            JsonNode list = root.get(key);
            if (list == null || list.isNull()) {
                throw error(key, "missing (a list of steps; may be empty: [])");
            }
            if (!list.isArray()) {
                throw error(key, "expected a list of steps like '- random-crop: {size: 224}'");
            }
            List<StepSpec> steps = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String where = key + "[" + i + "]";
                String kind;
                JsonNode body;
                if (item.isTextual()) {
                    kind = item.asText();
                    body = JsonNodeFactory.instance.objectNode();
                } else if (item.isObject() && item.size() == 1) {
                    kind = item.fieldNames().next();
                    body = item.get(kind);
                    if (body == null || body.isNull()) {
                        body = JsonNodeFactory.instance.objectNode();
                    }
                } else {
                    throw error(where, "expected one step like '- random-crop: {size: 224}'");
                }
                StepKind def = StepKinds.get(kind);
                if (def == null) {
                    throw error(where, "unknown step '" + kind + "'; expected one of: " + String.join(", ", StepKinds.names()));
                }
                where = where + "." + kind;
                List<String> allowed = def.keyNames();
                if (!body.isObject()) {
                    throw error(where, "expected a mapping of " + (allowed.isEmpty() ? "nothing ({})" : String.join(", ", allowed)));
                }
                keys(body, where, Set.copyOf(allowed));
                for (StepKind.Key k : def.keys()) {
                    if (k.required() && !body.has(k.name())) {
                        throw error(where + "." + k.name(), "missing");
                    }
                }
                Map<String, Double> params = new LinkedHashMap<>();
                List<Double> rgb = null;
                Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    StepKind.KeyType type = def.keys().stream().filter(k -> k.name().equals(f.getKey())).findFirst()
                            .orElseThrow().type();
                    if (type == StepKind.KeyType.RGB) {
                        JsonNode a = f.getValue();
                        if (!a.isArray() || a.size() != 3) {
                            throw error(where + "." + f.getKey(), "expected three numbers [r, g, b]");
                        }
                        rgb = new ArrayList<>();
                        for (JsonNode v : a) {
                            if (!v.isNumber()) {
                                throw error(where + "." + f.getKey(), "expected three numbers [r, g, b], not " + a);
                            }
                            rgb.add(v.asDouble());
                        }
                        continue;
                    }
                    if (!f.getValue().isNumber()) {
                        throw error(where + "." + f.getKey(), "expected a number, not " + f.getValue());
                    }
                    params.put(f.getKey(), f.getValue().asDouble());
                }
                StepSpec step = new StepSpec(kind, Map.copyOf(params), rgb == null ? null : List.copyOf(rgb));
                checkStep(step, where);
                steps.add(step);
            }
            return steps;
        }

        private void checkStep(StepSpec s, String where) {
            for (StepKind.Key key : s.definition().keys()) {
                String k = key.name();
                boolean pixels = key.type() == StepKind.KeyType.PIXELS;
                if ((pixels || key.type() == StepKind.KeyType.PADDING) && s.has(k)) {
                    double v = s.get(k, 0);
                    boolean ok = v == Math.rint(v) && (pixels ? v > 0 : v >= 0) && v < 1 << 16;
                    if (!ok) {
                        throw error(where + "." + k, "expected a " + (pixels ? "positive" : "non-negative")
                                + " whole number of pixels, not " + v);
                    }
                }
            }
            StepKind.Problem p = s.definition().check().problem(s);
            if (p != null) {
                throw error(p.key().isEmpty() ? where : where + "." + p.key(), p.message());
            }
        }
    }
}
