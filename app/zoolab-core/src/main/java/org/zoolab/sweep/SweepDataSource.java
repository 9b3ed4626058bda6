package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.BadInputException;
import org.zoolab.data.Cifar10Dataset;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.LabelledImages;
import org.zoolab.data.Split;
import org.zoolab.train.EpochData;
import org.zoolab.train.InMemoryData;
import org.zoolab.train.ModelInput;
import org.zoolab.train.SyntheticImages;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.Zoo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Arbiter's data source for a sweep candidate: the same training and validation data as {@code zoolab train}
 * (the last {@code holdout} training examples validate, or the test split when it is 0; MNIST is zero-padded to a
 * model's 32x32 paper input), cut to the sweep's {@code limit}. Arbiter creates one per candidate from its class
 * and {@link Properties}; the task adds the candidate's model, batch size and seed to the sweep's properties. The
 * decoded images are shared between candidates (read once per process).
 * <p>
 * {@link #trainData()} is an {@link EpochData} (epoch-ordered batches, as the Trainer wants them);
 * {@link #testData()} is the validation iterator.
 */
public final class SweepDataSource implements DataSource {
    private static final long serialVersionUID = 1L;
    static final String DATA = "data", DATA_DIR = "dataDir", MODEL = "model", BATCH = "batch", SEED = "seed",
            HOLDOUT = "holdout", TRAIN_LIMIT = "limit.train", VALIDATION_LIMIT = "limit.validation";
    private static final Map<String, LabelledImages> LOADED = new ConcurrentHashMap<>();

    private transient EpochData train;
    private transient DataSetIterator validation;
    private transient ModelInput input;
    private transient String description;

    /** Arbiter instantiates data sources by class: public, no arguments. */
    public SweepDataSource() {
    }

    /** The properties for one candidate: the sweep's data settings plus this candidate's model, batch and seed. */
    static Properties properties(SweepDefinition sweep, Path dataDir, String model, int batch, long seed) {
        Properties p = new Properties();
        p.setProperty(DATA, sweep.base().data());
        if (dataDir != null) p.setProperty(DATA_DIR, dataDir.toString());
        p.setProperty(MODEL, model);
        p.setProperty(BATCH, Integer.toString(batch));
        p.setProperty(SEED, Long.toString(seed));
        p.setProperty(HOLDOUT, Integer.toString(sweep.base().holdout()));
        if (sweep.limit() != null && sweep.limit().train() != null) p.setProperty(TRAIN_LIMIT, sweep.limit().train().toString());
        if (sweep.limit() != null && sweep.limit().validation() != null) p.setProperty(VALIDATION_LIMIT, sweep.limit().validation().toString());
        return p;
    }

    @Override
    public void configure(Properties p) {
        String data = p.getProperty(DATA);
        Path dataDir = p.getProperty(DATA_DIR) == null ? null : Path.of(p.getProperty(DATA_DIR));
        ModelInfo model = Zoo.info(p.getProperty(MODEL));
        int batch = Integer.parseInt(p.getProperty(BATCH));
        long seed = Long.parseLong(p.getProperty(SEED));
        int holdout = Integer.parseInt(p.getProperty(HOLDOUT));
        Integer trainLimit = p.getProperty(TRAIN_LIMIT) == null ? null : Integer.valueOf(p.getProperty(TRAIN_LIMIT));
        Integer valLimit = p.getProperty(VALIDATION_LIMIT) == null ? null : Integer.valueOf(p.getProperty(VALIDATION_LIMIT));

        if (data.equals(SyntheticImages.NAME)) {
            int pad = padFor(model, 28, 28);
            int nTrain = trainLimit == null ? 2000 : Math.min(trainLimit, 2000);
            int nVal = valLimit == null ? 500 : Math.min(valLimit, 500);
            DataSet t = SyntheticImages.generate(nTrain, 10, 1, 28 + 2 * pad, seed);
            DataSet v = SyntheticImages.generate(nVal, 10, 1, 28 + 2 * pad, seed + 1);
            train = new InMemoryData(t, batch, seed);
            validation = new InMemoryData(v, batch, -1).epoch(0);
            input = new ModelInput(1, 28 + 2 * pad, 28 + 2 * pad, pad, data, indexNames(10));
            description = nTrain + " synthetic training images, " + nVal + " validation images";
            return;
        }
        LabelledImages all = load(data, dataDir, Split.TRAIN);
        if (holdout >= all.size()) {
            throw new BadInputException("holdout " + holdout + " is not smaller than the " + all.size() + " training examples of " + data);
        }
        int trainEnd = all.size() - holdout;
        int nTrain = trainLimit == null ? trainEnd : Math.min(trainLimit, trainEnd);
        LabelledImages trainSet = subset(all, 0, nTrain);
        LabelledImages valAll = holdout > 0 ? subset(all, trainEnd, all.size()) : load(data, dataDir, Split.TEST);
        int nVal = valLimit == null ? valAll.size() : Math.min(valLimit, valAll.size());
        LabelledImages valSet = subset(valAll, 0, nVal);
        int pad = padFor(model, all.height(), all.width());
        EpochShuffledIterator it = new EpochShuffledIterator(trainSet, batch, seed, pad);
        train = new EpochData() {
            @Override
            public DataSetIterator epoch(int epoch) {
                it.setEpoch(epoch);
                return it;
            }

            @Override
            public long examples() {
                return it.numExamples();
            }

            @Override
            public int batchSize() {
                return batch;
            }
        };
        validation = new EpochShuffledIterator(valSet, batch, -1, pad);
        input = new ModelInput(all.channels(), all.height() + 2 * pad, all.width() + 2 * pad, pad, data, all.classNames());
        description = String.format("%,d training images, %,d validation images (%s)", nTrain, nVal,
                holdout > 0 ? "held out from the training split" : "the test split");
    }

    /** Training batches, epoch-ordered. */
    @Override
    public EpochData trainData() {
        return train;
    }

    /** The validation batches. */
    @Override
    public DataSetIterator testData() {
        return validation;
    }

    @Override
    public Class<?> getDataType() {
        return EpochData.class;
    }

    /** What the model is fed (shape after padding, class names). */
    public ModelInput input() {
        return input;
    }

    /** The data in words. */
    public String description() {
        return description;
    }

    /**
     * Zero padding that brings the data to the model's paper input, as {@code zoolab train} does: 2 when the model
     * wants 4 more pixels (MNIST 28x28 into LeNet-5's 32x32), else 0.
     */
    static int padFor(ModelInfo model, int height, int width) {
        return model.inputHeight() - height == 4 && model.inputWidth() - width == 4 ? 2 : 0;
    }

    private static LabelledImages load(String data, Path dataDir, Split split) {
        DataDirectory dir = DataDirectory.resolve(dataDir);
        String key = data + "|" + dir.root() + "|" + split;
        return LOADED.computeIfAbsent(key, k -> switch (data) {
            case "mnist", "fashion-mnist" -> IdxDataset.load(dir, data, split);
            case Cifar10Dataset.NAME -> Cifar10Dataset.load(dir, split);
            default -> throw new BadInputException("unknown data '" + data + "'; a sweep takes mnist, fashion-mnist, cifar10 or synthetic");
        });
    }

    private static LabelledImages subset(LabelledImages d, int from, int to) {
        if (from == 0 && to == d.size()) return d;
        if (d instanceof IdxDataset idx) return idx.subset(from, to);
        if (d instanceof Cifar10Dataset c) return c.subset(from, to);
        throw new IllegalStateException("no subset for " + d);
    }

    private static List<String> indexNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add(Integer.toString(i));
        return names;
    }
}
