package org.zoolab.distributed.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Minibatches as Spark input: in memory ({@link #rdd}) for data the driver can hold, or as one file per
 * minibatch under a Hadoop path ({@link #export}) for data that lives on HDFS or S3. The files are ND4J's
 * binary {@code DataSet} format, which DL4J's {@code SparkComputationGraph.fit(path)} reads.
 */
public final class DataSetFiles {
    /** What the minibatches hold (image size after padding, padding, classes), beside the files. */
    public static final String DESCRIPTION = "zoolab-data.json";

    /** File name of minibatch {@code i}: {@code batch-000000.bin}, ... */
    static final String PATTERN = "batch-%06d.bin";

    private DataSetFiles() {
    }

    /** All of {@code data}'s minibatches, from where it is now (reset first if it is exhausted). */
    public static List<DataSet> batches(DataSetIterator data) {
        if (!data.hasNext() && data.resetSupported()) data.reset();
        List<DataSet> out = new ArrayList<>();
        while (data.hasNext()) {
            out.add(data.next());
        }
        return out;
    }

    /** {@code data}'s minibatches as an RDD of {@code partitions} slices (the driver holds them all once). */
    public static JavaRDD<DataSet> rdd(JavaSparkContext sc, DataSetIterator data, int partitions) {
        if (partitions < 1) throw new BadInputException("--partitions must be at least 1, got " + partitions);
        return sc.parallelize(batches(data), partitions);
    }

    /**
     * Writes each minibatch of {@code data} to {@code dir}/batch-NNNNNN.bin ({@code dir}: any Hadoop path; it must
     * not exist or be empty), and {@code description} (may be null) to {@value #DESCRIPTION}. Each file is written under a hidden name and renamed when complete, so a reader
     * never sees half a batch.
     *
     * @return the number of files written
     */
    public static int export(DataSetIterator data, ModelDescription description, String dir, Configuration conf) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(root)) {
                FileStatus[] present = fs.listStatus(root);
                if (present.length > 0) {
                    throw new BadInputException(dir + " is not empty (" + present.length + " entries): export writes into a new or empty directory");
                }
            } else {
                fs.mkdirs(root);
            }
            if (!data.hasNext() && data.resetSupported()) data.reset();
            int n = 0;
            while (data.hasNext()) {
                DataSet ds = data.next();
                String name = String.format(Locale.ROOT, PATTERN, n);
                Path tmp = new Path(root, "." + name + ".tmp");
                try (FSDataOutputStream out = fs.create(tmp, false)) {
                    ds.save(out);
                    out.hflush();
                }
                if (!fs.rename(tmp, new Path(root, name))) {
                    throw new IOException("could not rename " + tmp + " to " + name);
                }
                n++;
            }
            if (description != null) {
                Path tmp = new Path(root, "." + DESCRIPTION + ".tmp");
                try (FSDataOutputStream out = fs.create(tmp, false)) {
                    out.write(description.toJson());
                }
                if (!fs.rename(tmp, new Path(root, DESCRIPTION))) throw new IOException("could not rename " + tmp);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("exporting minibatches to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The description {@link #export} wrote beside the files under {@code dir}, or null. */
    public static ModelDescription description(String dir, Configuration conf) {
        Path file = new Path(dir, DESCRIPTION);
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file)) return null;
            try (var in = fs.open(file)) {
                return ModelDescription.fromJson(in.readAllBytes(), file.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }

    /** The minibatch files under {@code dir}, sorted by name. */
    public static List<String> list(String dir, Configuration conf) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root)) {
                throw new BadInputException(dir + " does not exist: write minibatches there with `zoolab-spark export`");
            }
            FileStatus[] files = fs.listStatus(root, p -> p.getName().endsWith(".bin") && !p.getName().startsWith("."));
            if (files.length == 0) {
                throw new BadInputException(dir + " has no minibatch files (*.bin): write them with `zoolab-spark export`");
            }
            return Arrays.stream(files).map(f -> f.getPath().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
        }
    }
}
