package org.zoolab.train;

import org.zoolab.io.StrictYaml;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.zoolab.io.StrictYaml.require;

/**
 * A learning-rate schedule as a recipe states it.
 * <ul>
 *   <li>{@code none}: constant rate.</li>
 *   <li>{@code steps}: at each point of {@code at} (in {@code unit}s: epoch or iteration, counted from 0) the rate
 *       becomes {@code lr * factor^k} (k-th point), or {@code lr * multipliers[k]} when multipliers are given
 *       (ResNet-CIFAR: {@code at: [32000, 48000], unit: iteration, factor: 0.1}). Becomes DL4J's {@link MapSchedule}.</li>
 *   <li>{@code exponential}: {@code lr * factor^floor(t / every)} (GoogLeNet: 4% cut every 8 epochs,
 *       {@code factor: 0.96, every: 8}). Becomes DL4J's {@link StepSchedule}.</li>
 *   <li>{@code plateau}: {@code lr * factor} when {@code metric} has not improved by more than {@code minDelta} for
 *       {@code patience} epochs, down to {@code minLr} ("divided by 10 when the validation error stops improving",
 *       AlexNet, VGG, ResNet-ImageNet). Not a DL4J schedule: {@link PlateauScheduler} changes the rate and its
 *       state is checkpointed.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(Type type, Unit unit, List<Integer> at, Double factor, List<Double> multipliers, Integer every,
                       Metric metric, Integer patience, Double minDelta, Double minLr) {

    /** The constant schedule. */
    public static final Schedule NONE = new Schedule(Type.NONE, null, null, null, null, null, null, null, null, null);

    /** Schedule kinds. */
    public enum Type {
        @JsonProperty("none") NONE,
        @JsonProperty("steps") STEPS,
        @JsonProperty("exponential") EXPONENTIAL,
        @JsonProperty("plateau") PLATEAU
    }

    /** What a step or exponential schedule counts. */
    public enum Unit {
        @JsonProperty("epoch") EPOCH,
        @JsonProperty("iteration") ITERATION
    }

    /** The validation metric a plateau schedule or early stopping watches. */
    public enum Metric {
        @JsonProperty("val_loss") VAL_LOSS,
        @JsonProperty("val_top1") VAL_TOP1;

        /** True if larger values are better. */
        public boolean higherIsBetter() {
            return this == VAL_TOP1;
        }

        public String key() {
            return name().toLowerCase();
        }
    }

    public Schedule {
        require(type != null, "type", "missing; expected one of: none, steps, exponential, plateau");
        switch (type) {
            case NONE -> {
            }
            case STEPS -> {
                require(unit != null, "unit", "a steps schedule needs unit: epoch or iteration");
                require(at != null && !at.isEmpty(), "at", "a steps schedule needs the points where the rate drops, e.g. at: [30, 60]");
                for (int i = 0; i < at.size(); i++) {
                    require(at.get(i) > 0 && (i == 0 || at.get(i) > at.get(i - 1)), "at",
                            "points must be positive and increasing, got " + at);
                }
                require((factor == null) != (multipliers == null), "factor",
                        "a steps schedule needs exactly one of factor (e.g. 0.1) or multipliers (one per point)");
                require(multipliers == null || multipliers.size() == at.size(), "multipliers",
                        "needs one multiplier per point of 'at' (" + at.size() + "), got " + (multipliers == null ? 0 : multipliers.size()));
                require(factor == null || (factor > 0 && factor < 1), "factor", "must be in (0, 1), got " + factor);
                at = List.copyOf(at);
                multipliers = multipliers == null ? null : List.copyOf(multipliers);
            }
            case EXPONENTIAL -> {
                require(unit != null, "unit", "an exponential schedule needs unit: epoch or iteration");
                require(every != null && every > 0, "every", "an exponential schedule needs every: N (" + unit + "s), got " + every);
                require(factor != null && factor > 0 && factor < 1, "factor", "must be in (0, 1), got " + factor);
            }
            case PLATEAU -> {
                metric = metric == null ? Metric.VAL_LOSS : metric;
                require(factor != null && factor > 0 && factor < 1, "factor", "must be in (0, 1), got " + factor);
                require(patience != null && patience >= 1, "patience", "a plateau schedule needs patience: N epochs >= 1, got " + patience);
                minDelta = minDelta == null ? 0.0 : minDelta;
                require(minDelta >= 0, "minDelta", "must be >= 0, got " + minDelta);
                minLr = minLr == null ? 0.0 : minLr;
            }
        }
    }

    /** The DL4J schedule for an initial rate {@code lr}, or null where the rate is constant or plateau-driven. */
    public ISchedule toDl4j(double lr) {
        return switch (type) {
            case NONE, PLATEAU -> null;
            case STEPS -> {
                Map<Integer, Double> values = new TreeMap<>();
                values.put(0, lr);
                for (int k = 0; k < at.size(); k++) {
                    values.put(at.get(k), lr * (multipliers != null ? multipliers.get(k) : Math.pow(factor, k + 1)));
                }
                yield new MapSchedule(dl4jType(), values);
            }
            case EXPONENTIAL -> new StepSchedule(dl4jType(), lr, factor, every);
        };
    }

    private ScheduleType dl4jType() {
        return unit == Unit.EPOCH ? ScheduleType.EPOCH : ScheduleType.ITERATION;
    }

    /** Short description for logs. */
    @JsonIgnore
    public String describe() {
        String u = unit == null ? "" : unit.name().toLowerCase() + "s";
        return switch (type) {
            case NONE -> "constant";
            case STEPS -> (multipliers != null ? "x" + multipliers : "x" + factor) + " at " + u + " "
                    + at.stream().map(String::valueOf).collect(Collectors.joining(","));
            case EXPONENTIAL -> "x" + factor + " every " + every + " " + u;
            case PLATEAU -> "x" + factor + " when " + metric.key() + " stalls " + patience + " epochs";
        };
    }
}
