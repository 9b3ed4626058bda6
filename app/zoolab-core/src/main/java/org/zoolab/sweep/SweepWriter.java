package org.zoolab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zoolab.io.StrictYaml;

/**
 * Writes a {@link SweepDefinition} back as a sweep file, with the base experiment inlined, so that a sweep
 * directory's {@code sweep.yaml} stands on its own ({@code zoolab sweep --resume DIR}).
 */
final class SweepWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SweepWriter() {
    }

    static String toYaml(SweepDefinition d) {
        ObjectNode root = F.objectNode();
        root.put("name", d.name());
        root.set("base", StrictYaml.tree("the base experiment", d.base().toYaml()));
        if (d.limit() != null) {
            ObjectNode l = root.putObject("limit");
            if (d.limit().train() != null) l.put("train", d.limit().train());
            if (d.limit().validation() != null) l.put("validation", d.limit().validation());
        }
        if (d.epochs() != null) root.put("epochs", d.epochs());
        ObjectNode space = root.putObject("space");
        for (Dimension dim : d.dimensions()) {
            ObjectNode n = space.putObject(dim.key().yamlName());
            switch (dim.kind()) {
                case UNIFORM, LOG_UNIFORM -> n.putArray(dim.kind().yamlKey()).add(dim.min()).add(dim.max());
                case INTEGER -> n.putArray("int").add((int) dim.min()).add((int) dim.max());
                case DISCRETE -> {
                    ArrayNode a = n.putArray("values");
                    for (Object v : dim.values()) a.add(node(v));
                }
                case FIXED -> n.set("value", node(dim.values().get(0)));
            }
        }
        ObjectNode s = root.putObject("search");
        s.put("generator", d.search().generator().name().toLowerCase());
        s.put("resolution", d.search().resolution());
        s.put("seed", d.search().seed());
        if (d.budget() != null) {
            ObjectNode b = root.putObject("budget");
            if (d.budget().maxCandidates() != null) b.put("maxCandidates", d.budget().maxCandidates());
            if (d.budget().maxTime() != null) b.put("maxTime", d.budget().maxTime().toSeconds() + "s");
            if (d.budget().maxFailures() != null) b.put("maxFailures", d.budget().maxFailures());
        }
        ObjectNode sc = root.putObject("score");
        sc.put("metric", d.score().metric().key());
        sc.put("goal", d.score().minimize() ? "minimize" : "maximize");
        root.put("parallel", d.parallel());
        return "# zoolab sweep (written by zoolab sweep; zoolab sweep --resume DIR continues it)\n" + StrictYaml.write(root);
    }

    private static JsonNode node(Object v) {
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof Double x) return F.numberNode(x);
        return F.textNode(String.valueOf(v));
    }
}
