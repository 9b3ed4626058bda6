package org.zoolab.bench;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.generative.ExternalLossGraph;
import org.zoolab.generative.Gan;
import org.zoolab.generative.OffHeapMemory;
import org.zoolab.zoo.GanFamily;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.ModelSummary;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;

import java.util.SplittableRandom;

/**
 * One step of zoolab's {@code dcgan} (Radford et al.'s guidelines at 28x28: G 100 -> fc 6272 + BN -> 128x7x7 ->
 * deconv 4/2 64 + BN -> deconv 4/2 1, tanh; D conv 4/2 64 -> conv 4/2 128 + BN -> fc 1, LeakyReLU 0.2; Adam)
 * exactly as {@code zoolab generate train} runs it: {@link Gan#discriminatorStep} on a minibatch of real images
 * (random, mapped to G's range) and as many fakes, then {@link Gan#generatorStep} on fresh noise, and the collection
 * every {@value OffHeapMemory#EVERY} steps. Images per step: the minibatch.
 * <p>
 * FLOPs per step, counting a backward pass as twice its forward pass (input and weight gradients) and 2 FLOPs per
 * multiply-accumulate: the D step is D forward + backward on the reals (3 D), G forward (1 G) and D forward +
 * backward on the fakes (3 D); the G step is G forward, D forward, D backward and G backward (3 G + 3 D). So
 * {@code 2 x (9 D + 4 G) x batch}, with D and G the MACs per image of each net ({@link ModelSummary}: G 7,250,432,
 * D 6,629,504).
 */
public final class DcganWorkload implements Workload {
    static final String MODEL = "dcgan";
    private final int batch;
    private final Variant variant;
    private Gan gan;
    private INDArray realUnit;
    private SplittableRandom rng;
    private int iteration;

    public DcganWorkload(int batch, Variant variant) {
        this.batch = batch;
        this.variant = variant;
    }

    @Override
    public String id() {
        return MODEL + "/step/b" + batch;
    }

    @Override
    public int imagesPerStep() {
        return batch;
    }

    /** Multiply-accumulates of one noise vector through G. */
    static long generatorMacs() {
        ZooModel zm = Zoo.get(MODEL);
        GanFamily.Model m = GanFamily.model(zm.info());
        return ModelSummary.of("dcgan-generator", GanFamily.generator(zm.info(), zm.options(), m.training().learningRate()),
                InputType.feedForward(m.noise().size())).macs();
    }

    /** Multiply-accumulates of one image through D. */
    static long discriminatorMacs() {
        ZooModel zm = Zoo.get(MODEL);
        ModelOptions o = zm.options();
        return ModelSummary.of("dcgan-discriminator",
                GanFamily.discriminator(zm.info(), o, GanFamily.model(zm.info()).training().learningRate()),
                InputType.convolutional(o.inputHeight(), o.inputWidth(), o.inputChannels())).macs();
    }

    @Override
    public double flopsPerStep() {
        return 2.0 * (9.0 * discriminatorMacs() + 4.0 * generatorMacs()) * batch;
    }

    @Override
    public void setUp() {
        ZooModel zm = Zoo.get(MODEL);
        ModelInfo info = zm.info();
        ModelOptions o = zm.options().toBuilder().layout(variant.layout()).build();
        Gan g = Gan.create(info, o, GanFamily.model(info).training().learningRate());
        DataType type = variant.dataType();
        if (type != DataType.FLOAT) {
            g = new Gan(g.spec(), ExternalLossGraph.copyOf(g.generator().convertDataType(type)),
                    ExternalLossGraph.copyOf(g.discriminator().convertDataType(type)), g.image());
        }
        variant.apply(g.generator());
        variant.apply(g.discriminator());
        gan = g;
        Nd4j.getRandom().setSeed(1234);
        realUnit = Nd4j.rand(DataType.FLOAT, batch, o.inputChannels(), o.inputHeight(), o.inputWidth()).castTo(type);
        rng = new SplittableRandom(1234);
        iteration = 0;
    }

    @Override
    public void step() {
        DataType type = variant.dataType();
        gan.discriminatorStep(gan.toModelRange(realUnit), gan.noise(batch, rng).castTo(type));
        gan.generatorStep(gan.noise(batch, rng).castTo(type));
        OffHeapMemory.afterStep(++iteration);
    }

    @Override
    public void close() {
        gan = null;
        realUnit = null;
        System.gc();
    }
}
