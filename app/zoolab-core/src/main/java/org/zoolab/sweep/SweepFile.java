package org.zoolab.sweep;

import org.zoolab.io.ConfigException;
import org.zoolab.io.StrictYaml;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.zoolab.BadInputException;
import org.zoolab.train.Experiment;
import org.zoolab.train.Recipe;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sweep file format, read with {@link StrictYaml}. Every error is a {@link ConfigException} naming the file and
 * the key path.
 * <pre>
 * name: lenet5-lr-momentum          # optional; default: the file name
 * base:                             # the experiment every candidate starts from (keys of zoolab train --experiment),
 *   model: lenet5                   #   or the path of an experiment file, relative to this file
 *   data: mnist
 *   recipe: lenet5
 *   holdout: 5000
 * limit: {train: 6000, validation: 2000}   # optional: examples per candidate, to sweep quickly
 * epochs: 2                         # epochs per candidate (default: the recipe's)
 * space:                            # the keys to vary: model optimizer lr momentum l2 weightDecay dropout batch epochs seed
 *   lr: {logUniform: [0.001, 0.1]}
 *   momentum: {uniform: [0.5, 0.95]}
 *   batch: {values: [32, 64, 128]}
 *   model: {values: [vgg-a, vgg-d]}
 *   optimizer: momentum             # a fixed value
 *   dropout: {values: [0.3, 0.5]}   # DROP probability of every dropout layer (models with dropout layers only)
 * search: {generator: grid, resolution: 3}   # or {generator: random, seed: 7}
 * budget: {maxCandidates: 20, maxTime: 30m, maxFailures: 5}
 * score: {metric: val_top1}         # or val_loss; goal: maximize | minimize (default: by metric)
 * parallel: 1                       # candidates trained at once
 * </pre>
 */
final class SweepFile {
    private static final Set<String> TOP = Set.of("name", "base", "limit", "epochs", "space", "search", "budget", "score", "parallel");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private final String file;

    private SweepFile(String file) {
        this.file = file;
    }

    static SweepDefinition parse(String file, String yaml, Path dir) {
        return new SweepFile(file).parse(yaml, dir);
    }

    private SweepDefinition parse(String yaml, Path dir) {
        JsonNode root = StrictYaml.tree(file, yaml);
        if (!root.isObject()) throw fail("", "expected a mapping of keys (" + String.join(", ", sorted(TOP)) + ")");
        checkKeys(root, "", TOP);

        String name = root.has("name") ? text(root.get("name"), "name") : defaultName();
        Experiment base = base(root.get("base"), dir);
        if (base.parallel() != null) {
            throw fail("base.parallel", "a candidate trains with one worker; to train several candidates at once use the sweep's top-level 'parallel'");
        }
        SweepDefinition.DataLimit limit = limit(root.get("limit"));
        Integer epochs = root.has("epochs") ? positiveInt(root.get("epochs"), "epochs") : null;
        List<Dimension> dims = space(root.get("space"));
        checkDropout(dims, base);
        SweepDefinition.Search search = search(root.get("search"));
        SweepDefinition.Budget budget = budget(root.get("budget"));
        SweepDefinition.Score score = score(root.get("score"));
        int parallel = root.has("parallel") ? positiveInt(root.get("parallel"), "parallel") : 1;

        if (search.generator() == SweepDefinition.Generator.RANDOM && budget.maxCandidates() == null && budget.maxTime() == null) {
            throw fail("budget", "a random search needs an end: give maxCandidates or maxTime");
        }
        if (search.generator() == SweepDefinition.Generator.GRID) {
            for (Dimension d : dims) {
                if (d.kind() == Dimension.Kind.UNIFORM || d.kind() == Dimension.Kind.LOG_UNIFORM) {
                    if (search.resolution() < 2) {
                        throw fail("search.resolution", "a grid over the continuous key '" + d.key().yamlName() + "' needs at least 2 values, got " + search.resolution());
                    }
                }
            }
        }
        return new SweepDefinition(name, base, limit, epochs, dims, search, budget, score, parallel);
    }

    private String defaultName() {
        String n = Path.of(file).getFileName().toString();
        return n.replaceAll("\\.ya?ml$", "");
    }

    private Experiment base(JsonNode n, Path dir) {
        if (n == null || n.isNull()) throw fail("base", "missing; give the experiment to sweep (model, data, recipe, ...) or the path of an experiment file");
        if (n.isTextual()) {
            Path p = dir == null ? Path.of(n.asText()) : dir.resolve(n.asText());
            return Experiment.read(p);
        }
        if (!n.isObject()) throw fail("base", "expected an experiment mapping (model, data, recipe, ...) or the path of an experiment file");
        try {
            return Experiment.parse(file, StrictYaml.write(n));
        } catch (ConfigException e) {
            throw e.under(file, "base");
        }
    }

    private SweepDefinition.DataLimit limit(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw fail("limit", "expected {train: N, validation: M}");
        checkKeys(n, "limit", Set.of("train", "validation"));
        return new SweepDefinition.DataLimit(n.has("train") ? positiveInt(n.get("train"), "limit.train") : null,
                n.has("validation") ? positiveInt(n.get("validation"), "limit.validation") : null);
    }

    private List<Dimension> space(JsonNode n) {
        if (n == null || n.isNull()) throw fail("space", "missing; name the keys to sweep, e.g. space: {lr: {logUniform: [0.001, 0.1]}}");
        if (!n.isObject() || n.isEmpty()) throw fail("space", "expected a mapping from keys (" + SweptKey.names() + ") to their values");
        List<Dimension> dims = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SweptKey key = SweptKey.named(e.getKey());
            String path = "space." + e.getKey();
            if (key == null) {
                throw fail(path, "cannot sweep '" + e.getKey() + "'; the keys a sweep can vary are " + SweptKey.names());
            }
            dims.add(dimension(key, e.getValue(), path));
        }
        if (dims.stream().noneMatch(Dimension::isSwept)) {
            throw fail("space", "every key has a fixed value; give at least one key a range or several values");
        }
        return dims;
    }

    /** A swept dropout needs dropout layers in every model the sweep trains. */
    private void checkDropout(List<Dimension> dims, Experiment base) {
        if (dims.stream().noneMatch(d -> d.key() == SweptKey.DROPOUT)) return;
        List<Object> models = dims.stream().filter(d -> d.key() == SweptKey.MODEL).findFirst().map(Dimension::values)
                .orElse(List.of(base.model()));
        for (Object m : models) {
            ComputationGraphConfiguration conf;
            try {
                conf = Zoo.get((String) m, ModelOptions.defaults()).configuration();
            } catch (BadInputException e) {
                continue;
            }
            boolean any = conf.getVertices().values().stream()
                    .anyMatch(v -> v instanceof LayerVertex lv && Recipe.isDropoutPosition(lv.getLayerConf().getLayer()));
            if (!any) throw fail("space.dropout", Recipe.noDropoutMessage((String) m));
        }
    }

    private Dimension dimension(SweptKey key, JsonNode n, String path) {
        if (n == null || n.isNull()) throw fail(path, "missing value");
        if (!n.isObject()) {
            return new Dimension(key, Dimension.Kind.FIXED, 0, 0, List.of(value(key, n, path)));
        }
        if (n.size() != 1) throw fail(path, "expected exactly one of uniform, logUniform, int, values, value");
        String kindName = n.fieldNames().next();
        JsonNode arg = n.get(kindName);
        String at = path + "." + kindName;
        Dimension.Kind kind = null;
        for (Dimension.Kind k : Dimension.Kind.values()) if (k.yamlKey().equals(kindName)) kind = k;
        if (kind == null) throw fail(path, "unknown kind '" + kindName + "'; expected one of uniform, logUniform, int, values, value");
        if (!key.accepts(kind)) {
            throw fail(at, "'" + key.yamlName() + "' takes " + switch (key.type()) {
                case TEXT -> "values: [...] or a fixed value";
                case INTEGER -> "int: [a, b], values: [...] or a fixed value";
                case REAL -> "uniform: [a, b], logUniform: [a, b], values: [...] or a fixed value";
            });
        }
        switch (kind) {
            case UNIFORM, LOG_UNIFORM, INTEGER -> {
                if (!arg.isArray() || arg.size() != 2) throw fail(at, "expected [min, max]");
                Object a = value(key, arg.get(0), at + "[0]");
                Object b = value(key, arg.get(1), at + "[1]");
                double lo = ((Number) a).doubleValue(), hi = ((Number) b).doubleValue();
                if (kind == Dimension.Kind.INTEGER ? lo > hi : lo >= hi) {
                    throw fail(at, "min must be " + (kind == Dimension.Kind.INTEGER ? "<=" : "<") + " max, got [" + SweptKey.format(lo) + ", " + SweptKey.format(hi) + "]");
                }
                if (kind == Dimension.Kind.LOG_UNIFORM && lo <= 0) throw fail(at + "[0]", "a log-uniform range needs min > 0, got " + SweptKey.format(lo));
                return new Dimension(key, kind, lo, hi, List.of());
            }
            case DISCRETE -> {
                if (!arg.isArray() || arg.isEmpty()) throw fail(at, "expected a non-empty list of values");
                List<Object> vs = new ArrayList<>();
                for (int i = 0; i < arg.size(); i++) {
                    Object v = value(key, arg.get(i), at + "[" + i + "]");
                    if (vs.contains(v)) throw fail(at + "[" + i + "]", "value " + v + " is listed twice");
                    vs.add(v);
                }
                return new Dimension(key, kind, 0, 0, vs);
            }
            default -> {
                return new Dimension(key, Dimension.Kind.FIXED, 0, 0, List.of(value(key, arg, at)));
            }
        }
    }

    /** A value of {@code key}'s type, checked. */
    private Object value(SweptKey key, JsonNode n, String path) {
        Object v = switch (key.type()) {
            case TEXT -> {
                if (!n.isTextual()) throw fail(path, "expected a name, got " + n);
                yield n.asText();
            }
            case REAL -> {
                if (!n.isNumber()) throw fail(path, "expected a number, got " + n);
                yield n.asDouble();
            }
            case INTEGER -> {
                if (!n.isIntegralNumber() || !n.canConvertToInt()) throw fail(path, "expected an integer, got " + n);
                yield n.asInt();
            }
        };
        String problem = key.problem(v);
        if (problem != null) throw fail(path, problem);
        return v;
    }

    private SweepDefinition.Search search(JsonNode n) {
        if (n == null || n.isNull()) return new SweepDefinition.Search(SweepDefinition.Generator.RANDOM, 3, 0);
        if (!n.isObject()) throw fail("search", "expected {generator: random|grid, resolution: N, seed: S}");
        checkKeys(n, "search", Set.of("generator", "resolution", "seed"));
        SweepDefinition.Generator g = SweepDefinition.Generator.RANDOM;
        if (n.has("generator")) {
            String s = text(n.get("generator"), "search.generator");
            g = switch (s) {
                case "random" -> SweepDefinition.Generator.RANDOM;
                case "grid" -> SweepDefinition.Generator.GRID;
                default -> throw fail("search.generator", "expected random or grid, got '" + s + "'");
            };
        }
        int res = n.has("resolution") ? positiveInt(n.get("resolution"), "search.resolution") : 3;
        long seed = 0;
        if (n.has("seed")) {
            JsonNode s = n.get("seed");
            if (!s.isIntegralNumber() || s.asLong() < 0) throw fail("search.seed", "expected an integer >= 0, got " + s);
            seed = s.asLong();
        }
        return new SweepDefinition.Search(g, res, seed);
    }

    private SweepDefinition.Budget budget(JsonNode n) {
        if (n == null || n.isNull()) return new SweepDefinition.Budget(null, null, null);
        if (!n.isObject()) throw fail("budget", "expected {maxCandidates: N, maxTime: 30m, maxFailures: K}");
        checkKeys(n, "budget", Set.of("maxCandidates", "maxTime", "maxFailures"));
        Integer max = n.has("maxCandidates") ? positiveInt(n.get("maxCandidates"), "budget.maxCandidates") : null;
        Duration time = n.has("maxTime") ? duration(n.get("maxTime"), "budget.maxTime") : null;
        Integer fails = n.has("maxFailures") ? positiveInt(n.get("maxFailures"), "budget.maxFailures") : null;
        return new SweepDefinition.Budget(max, time, fails);
    }

    private Duration duration(JsonNode n, String path) {
        String s = n.asText().trim();
        Matcher m = DURATION.matcher(s);
        if (!n.isTextual() || s.isEmpty() || !m.matches()) {
            throw fail(path, "expected a duration like 90s, 30m, 2h or 1h30m, got " + n);
        }
        long secs = 0;
        if (m.group(1) != null) secs += 3600L * Long.parseLong(m.group(1));
        if (m.group(2) != null) secs += 60L * Long.parseLong(m.group(2));
        if (m.group(3) != null) secs += Long.parseLong(m.group(3));
        if (secs == 0) throw fail(path, "must be longer than 0 seconds, got " + s);
        return Duration.ofSeconds(secs);
    }

    private SweepDefinition.Score score(JsonNode n) {
        if (n == null || n.isNull()) return new SweepDefinition.Score(SweepDefinition.Metric.VAL_TOP1, false);
        if (!n.isObject()) throw fail("score", "expected {metric: val_top1|val_loss, goal: maximize|minimize}");
        checkKeys(n, "score", Set.of("metric", "goal"));
        SweepDefinition.Metric metric = SweepDefinition.Metric.VAL_TOP1;
        if (n.has("metric")) {
            String s = text(n.get("metric"), "score.metric");
            metric = switch (s) {
                case "val_top1" -> SweepDefinition.Metric.VAL_TOP1;
                case "val_loss" -> SweepDefinition.Metric.VAL_LOSS;
                default -> throw fail("score.metric", "expected val_top1 or val_loss, got '" + s + "'");
            };
        }
        boolean minimize = metric == SweepDefinition.Metric.VAL_LOSS;
        if (n.has("goal")) {
            String s = text(n.get("goal"), "score.goal");
            minimize = switch (s) {
                case "minimize", "minimise" -> true;
                case "maximize", "maximise" -> false;
                default -> throw fail("score.goal", "expected maximize or minimize, got '" + s + "'");
            };
        }
        return new SweepDefinition.Score(metric, minimize);
    }

    private void checkKeys(JsonNode n, String path, Set<String> known) {
        StrictYaml.checkKeys(file, n, path, known);
    }

    private String text(JsonNode n, String path) {
        if (n == null || !n.isTextual()) throw fail(path, "expected text, got " + n);
        return n.asText();
    }

    private int positiveInt(JsonNode n, String path) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw fail(path, "expected an integer >= 1, got " + n);
        }
        return n.asInt();
    }

    private ConfigException fail(String key, String problem) {
        return new ConfigException(file, key, problem);
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
