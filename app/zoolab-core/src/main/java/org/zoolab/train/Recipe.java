package org.zoolab.train;

import org.zoolab.io.StrictYaml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ISchedule;
import org.zoolab.BadInputException;
import org.zoolab.zoo.AuxiliaryOutputs;
import org.zoolab.zoo.ClassicalMomentum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.zoolab.io.StrictYaml.require;

/**
 * A paper's training recipe: optimizer, learning rate and its schedule, regularisation, batch size and epochs.
 * Recipes live in {@code zoo-configs/recipes.yaml} ({@link Recipes}); an experiment may override epochs, batch
 * and learning rate.
 * <p>
 * <b>Weight decay versus L2.</b> DL4J offers two regularisers: {@code l2} ({@link L2Regularization}, the term
 * {@code l2 * w} is added to the gradient <i>before</i> the updater, so momentum accumulates it) and
 * {@code weightDecay} ({@link WeightDecay}, decoupled: {@code lr * wd * w} is subtracted <i>after</i> the updater,
 * as in AdamW). The papers' "weight decay 5e-4" with momentum SGD is Caffe's {@code weight_decay}, which adds
 * {@code wd * w} to the gradient before momentum (Krizhevsky et al. 2012, eq. in section 5): that is DL4J's
 * {@code l2}, and it is what the recipes set. Both apply to weights only, not to biases or batch-norm
 * parameters (DL4J never regularises those).
 *
 * @param name          the recipe's name in recipes.yaml
 * @param models        the zoo models (names or aliases) that use it by default
 * @param families      the zoo families whose other models use it by default
 * @param paper         where the numbers come from
 * @param optimizer     sgd, momentum (classical, {@link ClassicalMomentum}), nesterov or adam
 * @param lr            initial learning rate
 * @param momentum      momentum coefficient (momentum and nesterov only)
 * @param l2            L2 coefficient added to the gradient (the papers' "weight decay"); 0 for none
 * @param weightDecay   decoupled weight decay coefficient ({@link WeightDecay} with lr applied); 0 for none
 * @param batch         minibatch size
 * @param epochs        number of epochs
 * @param schedule      the learning-rate schedule
 * @param auxLossWeight weight of auxiliary classifier losses (GoogLeNet: 0.3); 0 when the model has none
 * @param weightInit    a DL4J {@link WeightInit} name replacing the model's initialisation (e.g. xavier), or null
 *                      to keep the paper's; used where the paper's scheme depends on an optimizer DL4J lacks
 * @param dropout       the DROP probability p (the papers' "dropout 0.5") for every dropout position of the model,
 *                      replacing the model's own, or null to keep the model's; see {@link #withDropout}
 * @param notes         where and why the recipe departs from the paper
 * @param warmup        a warm-up phase before the schedule ({@link Warmup}: ResNet-110's 0.01 until the training error
 *                      is below 80%), or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipe(String name, List<String> models, List<String> families, String paper, Optimizer optimizer, Double lr, Double momentum,
                     Double l2, Double weightDecay, Integer batch, Integer epochs, Schedule schedule,
                     Double auxLossWeight, String weightInit, Double dropout, String notes, Warmup warmup) {

    /** The optimizers a recipe can name. */
    public enum Optimizer {
        @JsonProperty("sgd") SGD,
        @JsonProperty("momentum") MOMENTUM,
        @JsonProperty("nesterov") NESTEROV,
        @JsonProperty("adam") ADAM
    }

    public Recipe {
        require(name != null && !name.isBlank(), "name", "every recipe needs a name");
        models = models == null ? List.of() : List.copyOf(models);
        families = families == null ? List.of() : List.copyOf(families);
        paper = paper == null ? "" : paper;
        require(optimizer != null, "optimizer", "missing; expected one of: sgd, momentum, nesterov, adam");
        require(lr != null && lr > 0 && Double.isFinite(lr), "lr", "must be a positive number, got " + lr);
        momentum = momentum == null ? 0.0 : momentum;
        require(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1), got " + momentum);
        require(optimizer == Optimizer.MOMENTUM || optimizer == Optimizer.NESTEROV || momentum == 0,
                "momentum", "only the momentum and nesterov optimizers take a momentum, got " + momentum + " with " + optimizer.name().toLowerCase());
        l2 = l2 == null ? 0.0 : l2;
        require(l2 >= 0, "l2", "must be >= 0, got " + l2);
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        require(weightDecay >= 0, "weightDecay", "must be >= 0, got " + weightDecay);
        require(batch != null && batch >= 1, "batch", "must be a positive integer, got " + batch);
        require(epochs != null && epochs >= 1, "epochs", "must be a positive integer, got " + epochs);
        schedule = schedule == null ? Schedule.NONE : schedule;
        auxLossWeight = auxLossWeight == null ? 0.0 : auxLossWeight;
        require(auxLossWeight >= 0, "auxLossWeight", "must be >= 0, got " + auxLossWeight);
        if (weightInit != null) {
            try {
                weightInit = WeightInit.valueOf(weightInit.toUpperCase(java.util.Locale.ROOT)).name().toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new StrictYaml.KeyException("weightInit", "unknown weight initialisation '" + weightInit + "'; expected a DL4J WeightInit such as xavier, relu, normal");
            }
        }
        require(dropout == null || (dropout >= 0 && dropout < 1), "dropout",
                "must be a drop probability in [0, 1) (0.5 drops half of the activations), got " + dropout);
        notes = notes == null ? "" : notes;
    }

    /** A recipe without a warm-up (the form before recipes had a warmup key). */
    public Recipe(String name, List<String> models, List<String> families, String paper, Optimizer optimizer, Double lr,
                  Double momentum, Double l2, Double weightDecay, Integer batch, Integer epochs, Schedule schedule,
                  Double auxLossWeight, String weightInit, Double dropout, String notes) {
        this(name, models, families, paper, optimizer, lr, momentum, l2, weightDecay, batch, epochs, schedule, auxLossWeight,
                weightInit, dropout, notes, null);
    }

    /** A recipe that keeps the model's dropout (the form before recipes had a dropout key). */
    public Recipe(String name, List<String> models, List<String> families, String paper, Optimizer optimizer, Double lr,
                  Double momentum, Double l2, Double weightDecay, Integer batch, Integer epochs, Schedule schedule,
                  Double auxLossWeight, String weightInit, String notes) {
        this(name, models, families, paper, optimizer, lr, momentum, l2, weightDecay, batch, epochs, schedule, auxLossWeight,
                weightInit, null, notes, null);
    }

    /** The recipe's weight initialisation, or null to keep the model's. */
    public WeightInit weightInitScheme() {
        return weightInit == null ? null : WeightInit.valueOf(weightInit.toUpperCase(java.util.Locale.ROOT));
    }

    /** This recipe with the given fields replaced; null keeps the recipe's value. */
    public Recipe withOverrides(Integer epochs, Integer batch, Double lr) {
        return new Recipe(name, models, families, paper, optimizer, lr == null ? this.lr : lr, momentum, l2, weightDecay,
                batch == null ? this.batch : batch, epochs == null ? this.epochs : epochs, schedule, auxLossWeight, weightInit, dropout, notes, warmup);
    }

    /** The DL4J updater: initial rate, the schedule where DL4J can express it, and the momentum. */
    public IUpdater updater() {
        ISchedule s = schedule.toDl4j(lr);
        return switch (optimizer) {
            case SGD -> s == null ? new Sgd(lr) : new Sgd(s);
            case MOMENTUM -> s == null ? new ClassicalMomentum(lr, momentum) : new ClassicalMomentum(s, momentum);
            case NESTEROV -> s == null ? new Nesterovs(lr, momentum) : new Nesterovs(s, momentum);
            case ADAM -> s == null ? new Adam(lr) : new Adam(s);
        };
    }

    /** The regularisation applied to weights: L2 and/or decoupled weight decay. */
    public List<Regularization> regularization() {
        List<Regularization> r = new ArrayList<>();
        if (l2 > 0) r.add(new L2Regularization(l2));
        if (weightDecay > 0) r.add(new WeightDecay(weightDecay, true));
        return r;
    }

    /**
     * A copy of {@code conf} that trains with this recipe: every layer with parameters gets this updater (biases
     * too), this regularisation on its weights and none on its biases; auxiliary output layers (the outputs after
     * the main one, {@link AuxiliaryOutputs}) with a multi-class cross-entropy loss get their loss scaled by
     * {@link #auxLossWeight()}; with a {@link #dropout()}, every dropout position gets it ({@link #withDropout}).
     */
    public ComputationGraphConfiguration applyTo(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = dropout == null ? conf.clone() : withDropout(conf, dropout, "the model");
        IUpdater updater = updater();
        for (Map.Entry<String, GraphVertex> e : copy.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) continue;
            Layer layer = lv.getLayerConf().getLayer();
            if (layer instanceof BaseLayer bl) {
                bl.setIUpdater(updater.clone());
                bl.setBiasUpdater(null);
                bl.setRegularization(new ArrayList<>(regularization()));
                bl.setRegularizationBias(new ArrayList<>());
            }
            if (auxLossWeight > 0 && layer instanceof BaseOutputLayer out && AuxiliaryOutputs.isAuxiliaryOutput(copy, e.getKey())
                    && out.getLossFn() instanceof LossMCXENT) {
                out.setLossFn(new LossMCXENT(Nd4j.valueArrayOf(out.getNOut(), auxLossWeight).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)));
            }
        }
        return copy;
    }

    /**
     * A copy of {@code conf} whose dropout positions drop with probability {@code dropProbability}: every
     * {@link DropoutLayer}, and every other layer that already has a dropout on its input (DL4J's per-layer
     * {@code dropOut}, as in the GAN discriminators). The papers' convention is kept: p is the probability of
     * DROPPING an activation; DL4J's {@link Dropout} takes the probability of RETAINING it, so the layers get
     * {@code new Dropout(1 - p)}, and p = 0 removes the dropout. A model without dropout positions (LeNet-5, the
     * MLPs, ResNet) has nowhere to put it: that is an error naming the model.
     *
     * @param model the model's name, for the error
     */
    public static ComputationGraphConfiguration withDropout(ComputationGraphConfiguration conf, double dropProbability, String model) {
        ComputationGraphConfiguration copy = conf.clone();
        int positions = 0;
        for (GraphVertex v : copy.getVertices().values()) {
            if (v instanceof LayerVertex lv && isDropoutPosition(lv.getLayerConf().getLayer())) {
                lv.getLayerConf().getLayer().setIDropout(dropoutFor(dropProbability));
                positions++;
            }
        }
        if (positions == 0) throw new BadInputException(noDropoutMessage(model));
        return copy;
    }

    /** True for a layer whose dropout {@link #withDropout} sets: a dropout layer, or a layer with a dropout already. */
    public static boolean isDropoutPosition(Layer layer) {
        return layer instanceof DropoutLayer || layer.getIDropout() != null;
    }

    /** DL4J's dropout for the drop probability p: {@code new Dropout(1 - p)} (retain probability), none for p = 0. */
    public static IDropout dropoutFor(double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("a drop probability must be in [0, 1), got " + dropProbability);
        }
        return dropProbability == 0 ? null : new Dropout(1.0 - dropProbability);
    }

    /** The error for a dropout on a model without dropout positions. */
    public static String noDropoutMessage(String model) {
        return "dropout: " + model + " has no dropout layer to set (dropout applies to models with dropout layers: alexnet, "
                + "the vgg models, googlenet, the unet models); remove the dropout key or choose such a model";
    }

    /** The learning rate this recipe prescribes at a point of training (plateau schedules: the initial rate). */
    public double lrAt(int iteration, int epoch) {
        ISchedule s = schedule.toDl4j(lr);
        return s == null ? lr : s.valueAt(iteration, epoch);
    }

    /** One line for logs: "momentum 0.9, lr 0.1 (steps x0.1 at iterations 32000,48000), l2 1e-4, batch 128". */
    public String summary() {
        StringBuilder sb = new StringBuilder(optimizer.name().toLowerCase());
        if (momentum > 0) sb.append(' ').append(momentum);
        sb.append(", lr ").append(lr);
        if (schedule.type() != Schedule.Type.NONE) sb.append(" (").append(schedule.describe()).append(')');
        if (warmup != null) sb.append(" after a ").append(warmup.describe());
        if (l2 > 0) sb.append(", l2 ").append(l2);
        if (weightDecay > 0) sb.append(", weight decay ").append(weightDecay);
        if (weightInit != null) sb.append(", ").append(weightInit).append(" init");
        if (dropout != null) sb.append(", dropout ").append(dropout);
        sb.append(", batch ").append(batch).append(", ").append(epochs).append(epochs == 1 ? " epoch" : " epochs");
        return sb.toString();
    }
}
