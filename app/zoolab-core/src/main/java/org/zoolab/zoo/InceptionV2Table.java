package org.zoolab.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The BN-Inception (Inception v2) table, {@code zoo-configs/inception-v2.yaml}: Ioffe &amp; Szegedy 2015,
 * "Batch Normalization", figure 5.
 *
 * @param optimizer    SGD settings
 * @param batchNormEps epsilon of every batch normalisation
 * @param stem         the layers before the first Inception module
 * @param modules      the Inception modules, in order (figure 5's rows 3a ... 5b)
 * @param dropout      drop probability before the classifier (0: none)
 * @param models       rows by model name
 */
public record InceptionV2Table(PaperSgd optimizer, double batchNormEps, Stem stem, List<Module> modules,
                               double dropout, Map<String, Model> models) {

    public InceptionV2Table {
        if (optimizer == null || stem == null || modules == null || modules.isEmpty() || models == null || models.isEmpty()) {
            throw new IllegalArgumentException("the table needs optimizer, batchNormEps, stem, modules, dropout and models");
        }
        if (!(batchNormEps > 0)) {
            throw new IllegalArgumentException("batchNormEps must be positive, got " + batchNormEps);
        }
        TableRows.checkProbability("dropout", dropout);
        Set<String> names = new HashSet<>();
        for (Module m : modules) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("module '" + m.name() + "' appears twice in modules");
            }
        }
    }

    /**
     * conv1 (depthwise separable, figure 5's first row) → pool1 → conv2Reduce → conv2 → pool2.
     *
     * @param depthMultiplier filters per input channel of conv1's depthwise 7x7 (the paper: 8)
     */
    public record Stem(GoogLeNetTable.Conv conv1, int depthMultiplier, GoogLeNetTable.Pool pool1,
                       GoogLeNetTable.Conv conv2Reduce, GoogLeNetTable.Conv conv2, GoogLeNetTable.Pool pool2) {
        public Stem {
            if (conv1 == null || pool1 == null || conv2Reduce == null || conv2 == null || pool2 == null) {
                throw new IllegalArgumentException("stem needs conv1, depthMultiplier, pool1, conv2Reduce, conv2 and pool2");
            }
            if (depthMultiplier < 1) {
                throw new IllegalArgumentException("stem.depthMultiplier must be positive, got " + depthMultiplier);
            }
        }
    }

    /** The pooling of a module's pool branch. */
    public enum Pooling {
        @JsonProperty("avg") AVG, @JsonProperty("max") MAX
    }

    /**
     * One row of figure 5: {@code 1x1}, {@code 3x3reduce} → {@code 3x3}, {@code double3x3reduce} → two
     * {@code double3x3}, and a 3x3 {@code pool} → {@code poolProj} 1x1 projection. A module with {@code stride: 2}
     * (3c, 4e) reduces the grid: its 3x3 convolutions and its max pool have stride 2, it has no 1x1 branch and its
     * pool branch passes the input through ({@code 1x1: 0}, {@code poolProj: 0}).
     */
    public record Module(String name,
                         @JsonProperty("1x1") int n1x1,
                         @JsonProperty("3x3reduce") int n3x3Reduce,
                         @JsonProperty("3x3") int n3x3,
                         @JsonProperty("double3x3reduce") int nDouble3x3Reduce,
                         @JsonProperty("double3x3") int nDouble3x3,
                         @JsonProperty("pool") Pooling pool,
                         @JsonProperty("poolProj") int poolProj,
                         @JsonProperty("stride") int stride) {
        public Module {
            if (name == null || name.isBlank() || pool == null) {
                throw new IllegalArgumentException("a module needs a name and a pool (avg or max)");
            }
            if (n3x3Reduce < 1 || n3x3 < 1 || nDouble3x3Reduce < 1 || nDouble3x3 < 1) {
                throw new IllegalArgumentException("module " + name + ": 3x3reduce, 3x3, double3x3reduce and double3x3 must be positive");
            }
            if (stride == 2) {
                if (n1x1 != 0 || poolProj != 0 || pool != Pooling.MAX) {
                    throw new IllegalArgumentException("module " + name + ": a stride-2 (pass-through) module has 1x1: 0, "
                            + "pool: max and poolProj: 0 (the pool passes its input through)");
                }
            } else if (stride != 1 || n1x1 < 1 || poolProj < 1) {
                throw new IllegalArgumentException("module " + name + ": expected stride 1 with positive 1x1 and poolProj, "
                        + "or stride 2 (pass-through), got stride " + stride + ", 1x1 " + n1x1 + ", poolProj " + poolProj);
            }
        }
    }

    /** One model. */
    public record Model(List<String> aliases, String paper, int year, FeatureShape input, int classes) implements ModelRow {
        public Model {
            TableRows.checkInputAndClasses(input, classes);
        }
    }
}
