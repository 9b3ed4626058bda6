package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.zoolab.train.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Arbiter's model saver for zoolab candidates. The Trainer has already written the candidate's model into its
 * run directory ({@code model.zip}, with its input shape and class names, readable by {@code zoolab eval}); the
 * saver checks it is there and hands Arbiter a reference to it rather than a second copy. The sweep copies the
 * best candidate's model to {@code best/model.zip} when it ends.
 */
public final class CandidateModelSaver implements ResultSaver {

    /** A reference to a candidate's saved model. */
    public record Reference(OptimizationResult result, Path model) implements ResultReference {
        @Override
        public OptimizationResult getResult() {
            return result;
        }

        @Override
        public Object getResultModel() throws IOException {
            return ModelFile.read(model, false).graph();
        }
    }

    @Override
    public ResultReference saveModel(OptimizationResult result, Object modelResult) throws IOException {
        TrainedCandidate c = (TrainedCandidate) modelResult;
        Path model = c.result().model();
        if (model == null || !Files.isRegularFile(model)) {
            throw new IOException("candidate " + result.getIndex() + " has no model file in " + c.runDir());
        }
        return new Reference(result, model);
    }

    @Override
    public List<Class<?>> getSupportedCandidateTypes() {
        return List.of(java.util.Map.class);
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(TrainedCandidate.class);
    }
}
