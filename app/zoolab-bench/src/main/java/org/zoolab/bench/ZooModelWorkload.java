package org.zoolab.bench;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.train.InputConvolutionBackprop;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.ModelSummary;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;

/**
 * A zoo model's forward pass (inference mode) or training step ({@code fit} with the model's own updater) at a
 * fixed batch, on random inputs; the {@link Variant}'s levers applied to its configuration and graph.
 */
public final class ZooModelWorkload implements Workload {
    /** What is timed. */
    public enum Mode { FORWARD, TRAIN }

    private final String model;
    private final Mode mode;
    private final int batch;
    private final ModelOptions options;
    private final Variant variant;
    private ComputationGraph graph;
    private INDArray input;
    private DataSet dataSet;
    private double flops;

    public ZooModelWorkload(String model, Mode mode, int batch, ModelOptions options) {
        this(model, mode, batch, options, Variant.defaults());
    }

    public ZooModelWorkload(String model, Mode mode, int batch, ModelOptions options, Variant variant) {
        this.model = model;
        this.mode = mode;
        this.batch = batch;
        this.options = options;
        this.variant = variant;
    }

    @Override
    public String id() {
        return model + "/" + mode.name().toLowerCase() + "/b" + batch;
    }

    @Override
    public int imagesPerStep() {
        return batch;
    }

    @Override
    public double flopsPerStep() {
        return flops;
    }

    @Override
    public void setUp() {
        ZooModel zm = Zoo.get(model, options.toBuilder().layout(variant.layout()).build());
        long macs = ModelSummary.of(zm).macs();
        flops = (mode == Mode.FORWARD ? 2.0 : 6.0) * macs * batch;
        if (variant.isDefault()) {
            graph = zm.init();
        } else {
            OneDnnHelpers.enable();
            graph = new ComputationGraph(variant.apply(zm.configuration()));
            graph.init();
            variant.apply(graph);
        }
        if (mode == Mode.TRAIN && variant.inputConvolutionsWeightsOnly()) {
            InputConvolutionBackprop.install(graph);   // as zoolab's Trainer does
        }
        var o = zm.options();
        DataType type = variant.dataType();
        Nd4j.getRandom().setSeed(1234);
        input = Nd4j.rand(DataType.FLOAT, batch, o.inputChannels(), o.inputHeight(), o.inputWidth()).castTo(type);
        INDArray labels = Nd4j.zeros(type, batch, o.numClasses());
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, (i * 7) % o.numClasses(), 1.0);
        }
        dataSet = new DataSet(input, labels);
    }

    @Override
    public void step() {
        if (mode == Mode.FORWARD) {
            INDArray out = graph.outputSingle(false, input);
            out.getDouble(0); // forces completion
        } else {
            graph.fit(dataSet);
        }
    }

    @Override
    public void close() {
        graph = null;
        input = null;
        dataSet = null;
        System.gc();
    }
}
