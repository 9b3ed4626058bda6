package org.zoolab.zoo;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * Classical (heavy-ball) momentum SGD as the papers and Caffe define it:
 * {@code v <- momentum * v + lr * g;  w <- w - v} (Krizhevsky et al. 2012, section 5; written with the opposite
 * sign of {@code v} that is {@code v <- mu v - lr g; w <- w + v}, the same update). The zoo's tables train with it
 * ({@link PaperSgd}) and so do the training recipes ({@code optimizer: momentum}): one implementation for both.
 * <p>
 * DL4J 1.0.0-M2.1 has no such updater: its {@code Nesterovs} is Nesterov's accelerated gradient, a different
 * update. With a constant learning rate both forms give the same trajectory as PyTorch's {@code v <- m v + g;
 * w <- w - lr v}; when the rate drops they differ only in that the velocity keeps its old scale (Caffe's
 * behaviour). The class is a plain DL4J {@link IUpdater}: it is stored in the model's configuration JSON by
 * class name and its state (one velocity per parameter) is saved in {@code updaterState.bin}.
 */
public final class ClassicalMomentum implements IUpdater {
    private double learningRate = 0.01;
    private ISchedule learningRateSchedule;
    private double momentum = 0.9;

    /** For JSON deserialization. */
    public ClassicalMomentum() {
    }

    public ClassicalMomentum(double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public ClassicalMomentum(ISchedule learningRateSchedule, double momentum) {
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
        this.learningRate = Double.NaN;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public ClassicalMomentum clone() {
        ClassicalMomentum m = new ClassicalMomentum();
        m.learningRate = learningRate;
        m.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        m.momentum = momentum;
        return m;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicalMomentum m && Double.compare(m.learningRate, learningRate) == 0
                && Double.compare(m.momentum, momentum) == 0 && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "ClassicalMomentum(lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate) + ", momentum=" + momentum + ")";
    }

    /** The velocity-keeping gradient updater of {@link ClassicalMomentum}. */
    static final class Updater implements GradientUpdater<ClassicalMomentum> {
        static final String V_STATE = "V";
        private final ClassicalMomentum config;
        private INDArray v;

        Updater(ClassicalMomentum config) {
            this.config = config;
        }

        @Override
        public ClassicalMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            if (!stateMap.containsKey(V_STATE) || stateMap.size() != 1) {
                throw new IllegalStateException("momentum state must hold exactly the key '" + V_STATE + "', got " + stateMap.keySet());
            }
            this.v = stateMap.get(V_STATE);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(V_STATE, v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (!viewArray.isRowVectorOrScalar()) {
                throw new IllegalArgumentException("invalid input: expect row vector input");
            }
            if (initialize) {
                viewArray.assign(0);
            }
            this.v = viewArray.reshape(gradientOrder, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            if (v == null) {
                throw new IllegalStateException("updater has not been initialised with a state view");
            }
            double lr = config.getLearningRate(iteration, epoch);
            // v = momentum * v + lr * g ; the caller subtracts the returned update from the parameters
            v.muli(config.momentum).addi(gradient.mul(lr));
            gradient.assign(v);
        }
    }
}
