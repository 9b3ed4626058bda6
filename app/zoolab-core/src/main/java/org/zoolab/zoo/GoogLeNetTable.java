package org.zoolab.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The GoogLeNet table, {@code zoo-configs/googlenet.yaml}: Szegedy et al. 2014, Table 1 and figure 3.
 *
 * @param optimizer  SGD settings
 * @param stem       the layers before the first Inception module
 * @param lrn        the local response normalisation after pool1 and after conv2
 * @param stages     Inception stages, each after a 3x3/2 max pool
 * @param auxiliary  the auxiliary classifiers (used by rows with {@code auxiliaryHeads: true})
 * @param dropout    drop probability before the final classifier
 * @param models     rows by model name
 */
public record GoogLeNetTable(PaperSgd optimizer, Stem stem, Lrn lrn, List<Stage> stages, Auxiliary auxiliary,
                             double dropout, Map<String, Model> models) {

    public GoogLeNetTable {
        if (optimizer == null || stem == null || lrn == null || stages == null || stages.isEmpty()
                || auxiliary == null || models == null || models.isEmpty()) {
            throw new IllegalArgumentException("the table needs optimizer, stem, lrn, stages, auxiliary, dropout and models");
        }
        TableRows.checkProbability("dropout", dropout);
        Set<String> modules = new HashSet<>();
        for (Stage s : stages) {
            for (Module m : s.modules()) {
                if (!modules.add(m.name())) {
                    throw new IllegalArgumentException("module '" + m.name() + "' appears twice in stages");
                }
            }
        }
        for (String after : auxiliary.after()) {
            if (!modules.contains(after)) {
                throw new IllegalArgumentException("auxiliary.after: no module named '" + after + "' in stages; modules are "
                        + String.join(", ", modules.stream().sorted().toList()));
            }
        }
    }

    /**
     * A convolution with ReLU.
     *
     * @param filters output channels
     * @param kernel  square kernel size
     * @param stride  stride
     * @param padding zeros on every side
     */
    public record Conv(int filters, int kernel, int stride, int padding) {
        public Conv {
            if (filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
                throw new IllegalArgumentException("filters, kernel and stride must be positive and padding not negative, got filters "
                        + filters + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
            }
        }
    }

    /**
     * A pooling window.
     *
     * @param kernel square window size
     * @param stride stride
     */
    public record Pool(int kernel, int stride) {
        public Pool {
            if (kernel < 1 || stride < 1) {
                throw new IllegalArgumentException("pool kernel and stride must be positive, got " + kernel + " and " + stride);
            }
        }
    }

    /** conv1 → pool1 → LRN → conv2_reduce → conv2 → LRN (Table 1 rows 1-3, LRNs as in figure 3). */
    public record Stem(Conv conv1, Pool pool1, Conv conv2Reduce, Conv conv2) {
        public Stem {
            if (conv1 == null || pool1 == null || conv2Reduce == null || conv2 == null) {
                throw new IllegalArgumentException("stem needs conv1, pool1, conv2Reduce and conv2");
            }
        }
    }

    /**
     * Local response normalisation, in DL4J's form {@code b = a / (k + alpha * sum a^2)^beta} over {@code size}
     * channels (Caffe's {@code alpha} is divided by {@code size}; DL4J's is not).
     */
    public record Lrn(int size, double k, double alpha, double beta) {
        public Lrn {
            if (size < 1 || k < 0 || alpha < 0 || beta < 0) {
                throw new IllegalArgumentException("lrn size must be positive and k, alpha, beta not negative");
            }
        }
    }

    /**
     * A max pool then Inception modules.
     *
     * @param pool    the max pool before the modules (rounding up, like Caffe)
     * @param modules the modules, in order
     */
    public record Stage(Pool pool, List<Module> modules) {
        public Stage {
            if (pool == null || modules == null || modules.isEmpty()) {
                throw new IllegalArgumentException("a stage needs a pool and at least one module");
            }
        }
    }

    /** One Inception module: a row of Table 1 ({@code name} like {@code 3a}). */
    public record Module(String name,
                         @JsonProperty("1x1") int n1x1,
                         @JsonProperty("3x3reduce") int n3x3Reduce,
                         @JsonProperty("3x3") int n3x3,
                         @JsonProperty("5x5reduce") int n5x5Reduce,
                         @JsonProperty("5x5") int n5x5,
                         @JsonProperty("poolProj") int poolProj) {
        public Module {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a module needs a name");
            }
            String[] keys = {"1x1", "3x3reduce", "3x3", "5x5reduce", "5x5", "poolProj"};
            int[] values = {n1x1, n3x3Reduce, n3x3, n5x5Reduce, n5x5, poolProj};
            for (int i = 0; i < keys.length; i++) {
                if (values[i] < 1) {
                    throw new IllegalArgumentException("module " + name + ": " + keys[i] + " must be a positive width, got " + values[i]);
                }
            }
        }

        /** The filter counts. */
        public InceptionModule.Widths widths() {
            return new InceptionModule.Widths(n1x1, n3x3Reduce, n3x3, n5x5Reduce, n5x5, poolProj);
        }
    }

    /**
     * The auxiliary classifiers of section 5: average pool, 1x1 conv + ReLU, fc + ReLU, dropout, softmax fc
     * whose loss counts {@code lossWeight} times in the total.
     *
     * @param after      the modules whose output feeds a head, e.g. {@code [4a, 4d]}
     * @param pool       the average pool
     * @param conv       filters of the 1x1 convolution
     * @param fc         units of the hidden fully connected layer
     * @param dropout    drop probability before the head's classifier
     * @param lossWeight weight of the head's loss
     */
    public record Auxiliary(List<String> after, Pool pool, int conv, int fc, double dropout, double lossWeight) {
        public Auxiliary {
            if (after == null || pool == null || conv < 1 || fc < 1 || !(lossWeight > 0)) {
                throw new IllegalArgumentException("auxiliary needs after, pool, positive conv and fc widths and a positive lossWeight");
            }
            TableRows.checkProbability("auxiliary.dropout", dropout);
        }
    }

    /**
     * One model.
     *
     * @param aliases        other names
     * @param paper          where it comes from
     * @param year           the paper's year
     * @param input          default input
     * @param classes        default classes
     * @param auxiliaryHeads whether the graph has the two auxiliary classifiers (training form)
     */
    public record Model(List<String> aliases, String paper, int year, FeatureShape input, int classes,
                        boolean auxiliaryHeads) implements ModelRow {
        public Model {
            TableRows.checkInputAndClasses(input, classes);
        }
    }
}
