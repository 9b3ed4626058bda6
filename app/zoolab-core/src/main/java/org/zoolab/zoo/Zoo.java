package org.zoolab.zoo;

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
            new VaeFamily(),
            new GanFamily()
    );

    private static final Map<String, Entry> BY_NAME = index();

    private record Entry(ModelInfo info, ModelFamily family) {
    }

    private Zoo() {
    }

    private static Map<String, Entry> index() {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (ModelFamily family : FAMILIES) {
            for (ModelInfo info : family.models()) {
                map.put(info.name(), new Entry(info, family));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Canonical names of every registered model, in listing order. */
    public static List<String> names() {
        return new ArrayList<>(BY_NAME.keySet());
    }

    /** Every registered model's entry, in listing order. */
    public static List<ModelInfo> models() {
        return BY_NAME.values().stream().map(Entry::info).toList();
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
        Entry exact = BY_NAME.get(nameOrAlias);
        if (exact != null) {
            return exact;
        }
        for (Entry e : BY_NAME.values()) {
            if (e.info().answersTo(nameOrAlias)) {
                return e;
            }
        }
        throw new BadInputException("unknown model '" + nameOrAlias + "'; known models: " + String.join(", ", names()));
    }
}
