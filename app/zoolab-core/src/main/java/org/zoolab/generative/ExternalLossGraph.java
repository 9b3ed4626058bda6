package org.zoolab.generative;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A {@link ComputationGraph} trained from a loss computed outside it: the caller runs {@link #forwardTrain},
 * computes the loss and its gradient with respect to the outputs, calls {@link #backward} (which also returns
 * the gradient with respect to the inputs, to chain into another net) and, when this net is to learn,
 * {@link #step} (this net's own updater, e.g. its Adam moments, then {@code params -= update}).
 * <p>
 * This is the building block of the VAE (sampling between encoder and decoder) and of the GAN (the generator
 * learns from the gradient that flows back through the discriminator, whose weights must not move: it is
 * backpropagated through but never stepped). DL4J's own {@code backpropGradient(epsilons)} discards the input
 * gradients, hence this subclass. Workspaces are off so that those gradients outlive the backward pass.
 */
public final class ExternalLossGraph extends ComputationGraph {

    public ExternalLossGraph(ComputationGraphConfiguration configuration) {
        super(withoutWorkspaces(configuration));
    }

    private static ComputationGraphConfiguration withoutWorkspaces(ComputationGraphConfiguration configuration) {
        ComputationGraphConfiguration c = configuration.clone();
        c.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        c.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        return c;
    }

    /** A copy of a trained graph (parameters, updater state and iteration count) as an external-loss graph. */
    public static ExternalLossGraph copyOf(ComputationGraph trained) {
        ExternalLossGraph g = new ExternalLossGraph(trained.getConfiguration());
        g.init(trained.params().dup(), false);
        if (trained.getUpdater(false) != null && trained.getUpdater(false).getStateViewArray() != null) {
            g.getUpdater().getStateViewArray().assign(trained.getUpdater(false).getStateViewArray());
        }
        g.getConfiguration().setIterationCount(trained.getIterationCount());
        g.getConfiguration().setEpochCount(trained.getEpochCount());
        return g;
    }

    /**
     * Forward pass in training mode (dropout on, batch norm on batch statistics), keeping what backward needs.
     *
     * @return the network's outputs, in the configuration's output order
     */
    public INDArray[] forwardTrain(INDArray... inputs) {
        Map<String, INDArray> activations = feedForward(inputs, true, false);
        List<String> outputs = getConfiguration().getNetworkOutputs();
        INDArray[] result = new INDArray[outputs.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = activations.get(outputs.get(i));
        }
        return result;
    }

    /**
     * Backward pass after {@link #forwardTrain}: fills this net's parameter gradient ({@link #parameterGradient})
     * and returns the loss gradient with respect to each input. Changes no parameter.
     *
     * @param outputGradients dLoss/dOutput for each output, in the configuration's output order
     */
    public INDArray[] backward(INDArray... outputGradients) {
        calcBackpropGradients(false, false, outputGradients);
        List<String> inputs = getConfiguration().getNetworkInputs();
        INDArray[] result = new INDArray[inputs.size()];
        for (int i = 0; i < result.length; i++) {
            INDArray eps = getVertex(inputs.get(i)).getEpsilon();
            result[i] = eps == null ? null : eps.dup();
        }
        for (GraphVertex v : getVertices()) {
            v.clear();
        }
        return result;
    }

    /** The flattened parameter gradient of the last {@link #backward} (a view; the next backward overwrites it). */
    public INDArray parameterGradient() {
        return gradient().gradient();
    }

    /**
     * Applies this net's updater to the current parameter gradient and subtracts the update from the parameters,
     * then counts one iteration (Adam's bias correction reads the count).
     * <p>
     * The gradient is that of a loss already averaged over the minibatch (every caller divides by its batch), so
     * DL4J's own division by the minibatch size (which expects the summed gradient its loss layers produce) is
     * turned off by passing a batch size of 1. Dividing twice would shrink every gradient by the batch size, and
     * with Adam that is not harmless: gradients then approach Adam's epsilon (1e-8), and the parameters with the
     * smallest gradients (G's weights early in GAN training) all but stop learning while the biases move.
     */
    public void step() {
        Gradient g = gradient();
        getUpdater().update(g, getIterationCount(), getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
        params().subi(g.gradient());
        getConfiguration().setIterationCount(getIterationCount() + 1);
    }
}
