package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.zoolab.BadInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of zoo models, like torchvision's {@code models.list_models()} / timm's registry.
 *
 * <pre>{@code
 * ComputationGraph net = Zoo.get("resnet-50", ModelOptions.builder().numClasses(10).build()).init();
 * }</pre>
 */
public final class Zoo {
    private static final List<ModelFamily> FAMILIES = List.of(
            // families register here, in the order `zoolab models` lists them
            new PerceptronFamily(),
            new MlpFamily(),
            new LeNet5Family(),
            new AlexNetFamily(),
            new VggFamily(),
            new GoogLeNetFamily(),
            new InceptionV2Family(),
            new InceptionV3Family(),
            new ResNetFamily(),
            new UNetFamily(),
            new VaeFamily(),
            new GanFamily()
    );

    /** Built on first use, so that a broken table surfaces as its ConfigException, not a class-init error. */
    private static volatile Map<String, Entry> byName;

    private record Entry(ModelInfo info, ModelFamily family) {
    }

    private Zoo() {
    }

    private static Map<String, Entry> index() {
        Map<String, Entry> map = byName;
        if (map != null) {
            return map;
        }
        synchronized (Zoo.class) {
            if (byName == null) {
                Map<String, Entry> built = new LinkedHashMap<>();
                for (ModelFamily family : FAMILIES) {
                    for (ModelInfo info : family.models()) {
                        Entry previous = built.put(info.name(), new Entry(info, family));
                        if (previous != null) {
                            throw new IllegalStateException("model name '" + info.name() + "' registered by both "
                                    + previous.family().family() + " and " + family.family());
                        }
                    }
                }
                byName = Collections.unmodifiableMap(built);
            }
            return byName;
        }
    }

    /** The registered families, in listing order. */
    public static List<ModelFamily> families() {
        return FAMILIES;
    }

    /** Canonical names of every registered model, in listing order. */
    public static List<String> names() {
        return new ArrayList<>(index().keySet());
    }

    /** Every registered model's entry, in listing order. */
    public static List<ModelInfo> models() {
        return index().values().stream().map(Entry::info).toList();
    }

    /** The registry entry for a name or alias. */
    public static ModelInfo info(String nameOrAlias) {
        return entry(nameOrAlias).info();
    }

    /** The model with its default options (paper's input size and classes). */
    public static ZooModel get(String nameOrAlias) {
        return get(nameOrAlias, ModelOptions.defaults());
    }

    /** The model with the given options; unset options take the model's defaults. */
    public static ZooModel get(String nameOrAlias, ModelOptions options) {
        Entry entry = entry(nameOrAlias);
        ModelOptions resolved = options.resolvedFor(entry.info());
        return new ZooModel(entry.info(), resolved, entry.family().configure(entry.info(), resolved));
    }

    private static Entry entry(String nameOrAlias) {
        if (nameOrAlias == null || nameOrAlias.isBlank()) {
            throw new BadInputException("no model name given; known models: " + String.join(", ", names()));
        }
        Entry exact = index().get(nameOrAlias);
        if (exact != null) {
            return exact;
        }
        for (Entry e : index().values()) {
            if (e.info().answersTo(nameOrAlias)) {
                return e;
            }
        }
        throw new BadInputException("unknown model '" + nameOrAlias + "'; known models: " + String.join(", ", names()));
    }
}
