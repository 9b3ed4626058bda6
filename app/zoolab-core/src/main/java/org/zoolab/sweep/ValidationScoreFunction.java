package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.zoolab.train.EvaluationResult;
import org.zoolab.train.Evaluator;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Arbiter's score function for zoolab candidates: the validation top-1 or loss of the candidate's last epoch, as
 * its run's metrics.csv records it. A run that validated no epoch (none should) is evaluated on the data source's
 * validation set.
 */
public final class ValidationScoreFunction implements ScoreFunction {
    private static final long serialVersionUID = 1L;
    private final SweepDefinition.Score score;

    public ValidationScoreFunction(SweepDefinition.Score score) {
        this.score = score;
    }

    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        throw new UnsupportedOperationException("zoolab sweeps use a DataSource class, not a DataProvider");
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties properties) {
        TrainedCandidate c = (TrainedCandidate) model;
        EvaluationResult val = c.result().lastValidation();
        if (val == null) {
            try {
                DataSource ds = dataSource.getConstructor().newInstance();
                ds.configure(properties);
                val = new Evaluator(c.graph()).evaluate((org.nd4j.linalg.dataset.api.iterator.DataSetIterator) ds.testData(), null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + dataSource.getName(), e);
            }
        }
        return of(val);
    }

    /** The score of a validation result. */
    public double of(EvaluationResult val) {
        return score.metric() == SweepDefinition.Metric.VAL_TOP1 ? val.top1() : val.loss();
    }

    @Override
    public boolean minimize() {
        return score.minimize();
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(TrainedCandidate.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(org.zoolab.train.EpochData.class);
    }
}
