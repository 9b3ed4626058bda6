package org.zoolab.zoo;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Inception v3 table, {@code zoo-configs/inception-v3.yaml}: Szegedy, Vanhoucke, Ioffe, Shlens &amp; Wojna 2016,
 * "Rethinking the Inception Architecture for Computer Vision", Table 1 and figures 5-7, as torchvision's
 * {@code inception_v3}.
 *
 * @param optimizer    SGD settings
 * @param batchNormEps epsilon of every batch normalisation
 * @param stem         the convolutions before the first module, each optionally followed by the stem's max pool
 * @param pool         the stem's max pool
 * @param modules      the Inception modules, in order
 * @param auxiliary    the auxiliary classifier (rows with {@code auxiliaryHead: true})
 * @param dropout      drop probability before the classifier
 * @param models       rows by model name
 */
public record InceptionV3Table(PaperSgd optimizer, double batchNormEps, List<StemConv> stem, GoogLeNetTable.Pool pool,
                               List<Module> modules, Auxiliary auxiliary, double dropout, Map<String, Model> models) {

    public InceptionV3Table {
        if (optimizer == null || stem == null || stem.isEmpty() || pool == null || modules == null || modules.isEmpty()
                || auxiliary == null || models == null || models.isEmpty()) {
            throw new IllegalArgumentException("the table needs optimizer, batchNormEps, stem, pool, modules, auxiliary, dropout and models");
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
        if (!names.contains(auxiliary.after())) {
            throw new IllegalArgumentException("auxiliary.after: no module named '" + auxiliary.after() + "' in modules");
        }
    }

    /**
     * A stem convolution (BN, ReLU).
     *
     * @param maxPoolAfter whether the stem's max pool follows it
     */
    public record StemConv(String name, int filters, int kernel, int stride, int padding, boolean maxPoolAfter) {
        public StemConv {
            if (name == null || filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
                throw new IllegalArgumentException("a stem convolution needs a name, positive filters, kernel and stride and a padding >= 0");
            }
        }
    }

    /**
     * One module: its type ({@link InceptionV3Modules}: A = figure 5, B = the 35 → 17 grid reduction,
     * C = figure 6, D = the 17 → 8 reduction, E = figure 7) and its convolutions' widths in the order that
     * type's javadoc lists.
     */
    public record Module(String name, InceptionV3Modules.Type type, List<Integer> widths) {
        public Module {
            if (name == null || name.isBlank() || type == null) {
                throw new IllegalArgumentException("a module needs a name and a type (A, B, C, D or E)");
            }
            TableRows.checkPositive("module " + name + " widths", widths);
            if (widths.size() != type.widths()) {
                throw new IllegalArgumentException("module " + name + ": type " + type + " takes " + type.widths()
                        + " widths (" + type.order() + "), got " + widths.size());
            }
        }
    }

    /**
     * The auxiliary classifier on top of {@code after} (section 4, torchvision's {@code InceptionAux}): average
     * pool, 1x1 convolution of {@code conv} filters, a {@code kernel x kernel} convolution of {@code conv2}
     * filters (both with BN and ReLU), global average pool, softmax fully connected layer whose loss counts
     * {@code lossWeight} times.
     */
    public record Auxiliary(String after, GoogLeNetTable.Pool pool, int conv,
                            int conv2, int kernel, double lossWeight) {
        public Auxiliary {
            if (after == null || pool == null || conv < 1 || conv2 < 1 || kernel < 1 || !(lossWeight > 0)) {
                throw new IllegalArgumentException("auxiliary needs after, pool, positive conv, conv2 and kernel and a positive lossWeight");
            }
        }
    }

    /**
     * One model.
     *
     * @param auxiliaryHead whether the graph has the auxiliary classifier (training form)
     */
    public record Model(List<String> aliases, String paper, int year, FeatureShape input, int classes,
                        boolean auxiliaryHead) implements ModelRow {
        public Model {
            TableRows.checkInputAndClasses(input, classes);
        }
    }
}
