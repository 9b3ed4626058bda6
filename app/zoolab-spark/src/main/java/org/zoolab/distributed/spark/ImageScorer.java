package org.zoolab.distributed.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.BadInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Scores a DataFrame of image paths with a trained model broadcast to the executors: the model file's bytes are
 * broadcast once, each partition builds its own network from them (a network is not thread-safe, and an executor
 * runs several partitions at once), reads its images through Hadoop's file systems ({@code hdfs://},
 * {@code s3a://}, local paths) and classifies them in minibatches.
 * <p>
 * Output columns: the input's {@code path}; {@code label} and {@code probability} of the top class;
 * {@code top_labels} and {@code top_probabilities}, the {@code k} best, most probable first; {@code error}, null
 * unless the image could not be read (then the other columns are null).
 */
public final class ImageScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The output schema. */
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, true)
            .add("probability", DataTypes.DoubleType, true)
            .add("top_labels", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("top_probabilities", DataTypes.createArrayType(DataTypes.DoubleType), true)
            .add("error", DataTypes.StringType, true);

    private final Broadcast<byte[]> model;
    private final ImagePixels pixels;
    private final List<String> classNames;
    private final int topK;
    private final int batch;

    /**
     * @param model      the model file (DL4J model zip, as zoolab writes it), broadcast to the executors
     * @param pixels     how images become the network's input
     * @param classNames class names, index = output unit
     * @param topK       how many classes to report per image
     * @param batch      images per forward pass
     */
    public ImageScorer(Broadcast<byte[]> model, ImagePixels pixels, List<String> classNames, int topK, int batch) {
        if (topK < 1 || topK > classNames.size()) {
            throw new BadInputException("--top must be between 1 and the " + classNames.size() + " classes, got " + topK);
        }
        if (batch < 1) throw new BadInputException("--batch must be at least 1, got " + batch);
        this.model = model;
        this.pixels = pixels;
        this.classNames = List.copyOf(classNames);
        this.topK = topK;
        this.batch = batch;
    }

    /** Broadcasts {@code graph} (serialised once on the driver) and returns a scorer for it. */
    public static ImageScorer broadcast(SparkSession spark, ComputationGraph graph, ImagePixels pixels,
                                        List<String> classNames, int topK, int batch) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(graph, bytes, false);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            return new ImageScorer(sc.broadcast(bytes.toByteArray()), pixels, classNames, topK, batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scores the images named in column {@code pathColumn} of {@code images}. */
    public Dataset<Row> score(SparkSession spark, Dataset<Row> images, String pathColumn) {
        if (!List.of(images.columns()).contains(pathColumn)) {
            throw new BadInputException("the DataFrame has no column '" + pathColumn + "'; its columns are "
                    + String.join(", ", images.columns()));
        }
        JavaRDD<String> paths = images.select(pathColumn).toJavaRDD().map(r -> r.getString(0));
        JavaRDD<Row> rows = paths.mapPartitions(this::scorePartition);
        return spark.createDataFrame(rows, SCHEMA);
    }

    private Iterator<Row> scorePartition(Iterator<String> paths) throws IOException {
        List<Row> out = new ArrayList<>();
        if (!paths.hasNext()) return out.iterator();
        ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model.value()), false);
        Configuration conf = new Configuration();
        List<String> pending = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        while (paths.hasNext()) {
            String p = paths.next();
            try {
                inputs.add(pixels.toInput(read(p, conf)));
                pending.add(p);
            } catch (IOException | RuntimeException e) {
                out.add(RowFactory.create(p, null, null, null, null, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            if (pending.size() == batch || (!paths.hasNext() && !pending.isEmpty())) {
                classify(net, pending, inputs, out);
                pending.clear();
                inputs.clear();
            }
        }
        return out.iterator();
    }

    private static BufferedImage read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            BufferedImage img = ImageIO.read(in);
            if (img == null) throw new IOException(path + ": not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
            return img;
        }
    }

    private void classify(ComputationGraph net, List<String> paths, List<float[]> inputs, List<Row> out) {
        int n = inputs.size();
        float[][] flat = inputs.toArray(new float[0][]);
        INDArray x = Nd4j.create(flat).reshape(n, pixels.channels(), pixels.height(), pixels.width());
        INDArray probs = net.outputSingle(x);
        for (int i = 0; i < n; i++) {
            double[] p = probs.getRow(i).toDoubleVector();
            Integer[] order = new Integer[p.length];
            for (int k = 0; k < p.length; k++) order[k] = k;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            String[] labels = new String[topK];
            Double[] values = new Double[topK];
            for (int k = 0; k < topK; k++) {
                labels[k] = classNames.get(order[k]);
                values[k] = p[order[k]];
            }
            out.add(RowFactory.create(paths.get(i), labels[0], values[0], labels, values, null));
        }
    }
}
