package org.zoolab.sweep;

import org.zoolab.zoo.Zoo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The experiment keys a sweep can vary: the architecture ({@code model}: a zoo name such as {@code vgg-a} /
 * {@code vgg-d} for the VGG configuration letter or {@code resnet18} / {@code resnet50} for the ResNet depth), the
 * recipe's optimizer, learning rate, momentum, L2 ("weight decay" as the papers mean it, added to the gradient),
 * decoupled weight decay, the dropout (the DROP probability p of every dropout layer of the model, as the papers
 * write it: 0.5 drops half; the graph's DL4J dropout layers get the retain probability 1 - p, see
 * {@link org.zoolab.train.Recipe#withDropout}), batch size, epochs, and the seed.
 */
public enum SweptKey {
    MODEL("model", Type.TEXT),
    OPTIMIZER("optimizer", Type.TEXT),
    LR("lr", Type.REAL),
    MOMENTUM("momentum", Type.REAL),
    L2("l2", Type.REAL),
    WEIGHT_DECAY("weightDecay", Type.REAL),
    DROPOUT("dropout", Type.REAL),
    BATCH("batch", Type.INTEGER),
    EPOCHS("epochs", Type.INTEGER),
    SEED("seed", Type.INTEGER);

    /** What kind of value a key takes. */
    public enum Type { TEXT, REAL, INTEGER }

    static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "nesterov", "adam");

    private final String yamlName;
    private final Type type;

    SweptKey(String yamlName, Type type) {
        this.yamlName = yamlName;
        this.type = type;
    }

    /** The key's name in a sweep file and in results.csv. */
    public String yamlName() {
        return yamlName;
    }

    public Type type() {
        return type;
    }

    public boolean isNumeric() {
        return type != Type.TEXT;
    }

    /** The key named {@code name}, or null. */
    public static SweptKey named(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst().orElse(null);
    }

    /** Every key name, for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(SweptKey::yamlName).toList());
    }

    /** The dimension kinds this key accepts. */
    public boolean accepts(Dimension.Kind kind) {
        return switch (type) {
            case TEXT -> kind == Dimension.Kind.DISCRETE || kind == Dimension.Kind.FIXED;
            case REAL -> kind != Dimension.Kind.INTEGER;
            case INTEGER -> kind == Dimension.Kind.INTEGER || kind == Dimension.Kind.DISCRETE || kind == Dimension.Kind.FIXED;
        };
    }

    /** What is wrong with {@code value} for this key, or null when it is valid. */
    public String problem(Object value) {
        return switch (this) {
            case MODEL -> {
                try {
                    Zoo.info((String) value);
                    yield null;
                } catch (RuntimeException e) {
                    yield "unknown zoo model '" + value + "' (zoolab models lists them)";
                }
            }
            case OPTIMIZER -> OPTIMIZERS.contains(value) ? null : "unknown optimizer '" + value + "'; expected one of " + String.join(", ", OPTIMIZERS);
            case LR -> ((Double) value) > 0 && Double.isFinite((Double) value) ? null : "a learning rate must be > 0, got " + value;
            case MOMENTUM -> ((Double) value) >= 0 && ((Double) value) < 1 ? null : "momentum must be in [0, 1), got " + value;
            case L2, WEIGHT_DECAY -> ((Double) value) >= 0 ? null : yamlName + " must be >= 0, got " + value;
            case DROPOUT -> ((Double) value) >= 0 && ((Double) value) < 1 ? null
                    : "dropout is the probability of dropping an activation, in [0, 1) (0.5 drops half), got " + value;
            case BATCH, EPOCHS -> ((Integer) value) >= 1 ? null : yamlName + " must be >= 1, got " + value;
            case SEED -> ((Integer) value) >= 0 ? null : "a seed must be >= 0, got " + value;
        };
    }

    /** A number as results.csv and messages show it: integers without a point, others in the shortest exact form. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
