package org.zoolab.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.generative.ExternalLossGraph;
import org.zoolab.generative.Noise;
import org.zoolab.generative.OffHeapMemory;
import org.zoolab.generative.Vae;
import org.zoolab.zoo.ModelSummary;
import org.zoolab.zoo.VaeFamily;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;

import java.util.SplittableRandom;

/**
 * One training step of zoolab's {@code vae} (Kingma &amp; Welling's MNIST model, 784-500-20 encoder and
 * 20-500-784 Bernoulli decoder, Adam) exactly as {@code zoolab generate train} runs it: {@link Vae#trainStep} on a
 * minibatch of random images in [0, 1] with fresh reparameterisation noise drawn in Java, and the collection every
 * {@value OffHeapMemory#EVERY} steps that the training loop does ({@link OffHeapMemory}).
 * <p>
 * FLOPs per step: {@code 6 x MACs x batch}, the usual forward-plus-backward count, with MACs those of both halves
 * (784x500 + 500x40 + 20x500 + 500x784 = 814,000 per image, {@link ModelSummary}).
 */
public final class VaeWorkload implements Workload {
    static final String MODEL = "vae";
    private final int batch;
    private final Variant variant;
    private Vae vae;
    private INDArray images;
    private SplittableRandom rng;
    private int iteration;

    public VaeWorkload(int batch, Variant variant) {
        this.batch = batch;
        this.variant = variant;
    }

    @Override
    public String id() {
        return MODEL + "/train/b" + batch;
    }

    @Override
    public int imagesPerStep() {
        return batch;
    }

    /** Multiply-accumulates of one image through encoder and decoder. */
    static long macsPerImage() {
        return ModelSummary.of(Zoo.get(MODEL)).macs();
    }

    @Override
    public double flopsPerStep() {
        return 6.0 * macsPerImage() * batch;
    }

    @Override
    public void setUp() {
        ZooModel zm = Zoo.get(MODEL);
        Vae v = Vae.create(zm.info(), zm.options(), VaeFamily.table().training().learningRate());
        DataType type = variant.dataType();
        if (type != DataType.FLOAT) {
            v = new Vae(ExternalLossGraph.copyOf(v.encoder().convertDataType(type)),
                    ExternalLossGraph.copyOf(v.decoder().convertDataType(type)), v.latent(), v.image());
        }
        variant.apply(v.encoder());
        variant.apply(v.decoder());
        vae = v;
        Nd4j.getRandom().setSeed(1234);
        var o = zm.options();
        images = Nd4j.rand(DataType.FLOAT, batch, o.inputChannels(), o.inputHeight(), o.inputWidth()).castTo(type);
        rng = new SplittableRandom(1234);
        iteration = 0;
    }

    @Override
    public void step() {
        INDArray eps = Noise.normal(rng, batch, vae.latent()).castTo(variant.dataType());
        vae.trainStep(images, eps);
        OffHeapMemory.afterStep(++iteration);
    }

    @Override
    public void close() {
        vae = null;
        images = null;
        System.gc();
    }
}
