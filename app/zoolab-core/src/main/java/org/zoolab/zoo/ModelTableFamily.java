package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The skeleton shared by the families whose table ({@code zoo-configs/<family>.yaml}) holds a {@code models:} map
 * of rows (ResNet, GoogLeNet, U-Net, BN-Inception, Inception v3): reading the table (the packaged one, or a given
 * one for tests and edited tables), listing its rows as registry entries, finding the row of a model, starting
 * the {@link TrackedGraph} (seed, the caller's or the paper's weight initialisation, the paper's optimiser, the
 * input at the resolved size, errors naming the file and {@code models.<name>}), and the usual classifier head
 * ({@link #classifier}). A family says only what is its own: where its rows and optimiser are in the table, the
 * paper's initialisation, and the layers of one row ({@link #addLayers}).
 *
 * @param <T> the table type (a record read by {@link ZooConfigs})
 * @param <R> the row type
 */
public abstract class ModelTableFamily<T, R extends ModelRow> implements ModelFamily {
    private final String family;
    private final Class<T> tableType;
    private final T fixedTable;

    /**
     * @param family     the family's name and the base name of its table file
     * @param tableType  the record the table is read into
     * @param fixedTable a table to use instead of the file, or null for the file
     */
    protected ModelTableFamily(String family, Class<T> tableType, T fixedTable) {
        this.family = family;
        this.tableType = tableType;
        this.fixedTable = fixedTable;
    }

    @Override
    public final String family() {
        return family;
    }

    /** The table file named in errors, e.g. {@code zoo-configs/resnet.yaml}. */
    public final String file() {
        return "zoo-configs/" + family + ".yaml";
    }

    /** The given table, else the packaged (or overridden, see {@link ZooConfigs}) one. */
    protected final T table() {
        return fixedTable != null ? fixedTable : ZooConfigs.load(family, tableType);
    }

    /** The table's rows by model name, in listing order. */
    protected abstract Map<String, R> rows(T table);

    /** The SGD settings the paper trained this row with. */
    protected abstract PaperSgd optimizer(T table, R row);

    /** The paper's weight initialisation (used unless the caller sets {@link ModelOptions#weightInit()}). */
    protected abstract WeightInit papersInit();

    /**
     * Adds the layers of {@code row} to {@code g}, from its input vertex {@code "input"} to its outputs (main
     * output first, then any {@link TrackedGraph#auxiliaryOutput auxiliary} ones).
     *
     * @param options the caller's options merged with the row's defaults
     */
    protected abstract void addLayers(TrackedGraph g, T table, R row, String model, ModelOptions options);

    @Override
    public final List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        for (Map.Entry<String, R> e : rows(table()).entrySet()) {
            list.add(e.getValue().info(e.getKey(), family));
        }
        return list;
    }

    @Override
    public final ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options) {
        T table = table();
        R row = rows(table).get(model.name());
        if (row == null) {
            throw new ConfigException(file(), "models", "no model '" + model.name() + "' in the table");
        }
        TrackedGraph g = new TrackedGraph(TableRows.base(options, papersInit(), optimizer(table, row)), "input",
                TableRows.inputShape(options), file(), "models." + model.name());
        g.layout(options.layout());
        addLayers(g, table, row, model.name(), options);
        return g.build();
    }

    /**
     * The classifier head: global average pooling {@code avgpool}, dropout {@code dropout} when
     * {@code dropProbability > 0}, and a softmax fully connected output {@code output} with cross-entropy.
     *
     * @return the output vertex
     */
    protected static String classifier(TrackedGraph g, String input, String avgpool, String dropout,
                                       double dropProbability, String output, int classes) {
        String x = g.globalAvgPool(avgpool, input);
        if (dropProbability > 0) {
            x = g.dropout(dropout, x, dropProbability);
        }
        return g.output(output, x, classes, Activation.SOFTMAX, new LossMCXENT());
    }
}
