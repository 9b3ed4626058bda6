package org.zoolab.bench;

import org.zoolab.data.BadFileReport;
import org.zoolab.data.Batch;
import org.zoolab.data.ClassFolderReader;
import org.zoolab.data.ImageDecoder;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;
import org.zoolab.data.PrefetchIterator;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The 256 to 224 training chain of {@code scripts/bench-pipeline} over a class folder of real photos (JPEG):
 * decode, shorter side to 256 (antialiased bilinear), random 224 crop, horizontal mirror with p = 0.5, channel mean,
 * a float32 NCHW batch; shuffled epochs one after the other through zoolab's {@link PrefetchIterator} with
 * {@code threads} decode threads and 4 batches in flight. One step is one full batch handed to the consumer; the
 * partial batch at the end of an epoch is dropped, as {@code drop_last=True} does on the PyTorch side. Counts no
 * FLOPs; {@code scripts/bench} reports its rate against AlexNet's training rate.
 */
public final class PipelineWorkload implements Workload {
    private static final int PREFETCH = 4;
    private final Path photos;
    private final int batch;
    private final int threads;
    private Pipeline pipeline;
    private BadFileReport report;
    private PrefetchIterator epochBatches;
    private int epoch;

    /**
     * @param photos  a class folder of photos ({@code scripts/bench} replicates {@code ~/.zoolab/data/photos} there)
     * @param batch   images per batch
     * @param threads decode threads
     */
    public PipelineWorkload(Path photos, int batch, int threads) {
        this.photos = photos;
        this.batch = batch;
        this.threads = threads;
    }

    @Override
    public String id() {
        return "pipeline/256-224/b" + batch;
    }

    @Override
    public int imagesPerStep() {
        return batch;
    }

    @Override
    public double flopsPerStep() {
        return 0;
    }

    @Override
    public void setUp() {
        if (!Files.isDirectory(photos)) {
            throw new IllegalStateException("no photo folder " + photos + " (scripts/bench prepares it from "
                    + "~/.zoolab/data/photos with PipelineBench prepare; or pass --photos DIR)");
        }
        report = new BadFileReport(false);
        ClassFolderReader source = ClassFolderReader.open(photos, ImageDecoder.rgb(), report);
        if (source.size() < batch) {
            throw new IllegalStateException(photos + " holds " + source.size() + " images, fewer than one batch of " + batch);
        }
        pipeline = Pipeline.train(PipelineSpec.load("bench-256-224"), source, null);
        epoch = 0;
        epochBatches = pipeline.batches(17, epoch, report, batch, threads, PREFETCH);
    }

    @Override
    public void step() {
        int partial = 0;
        while (true) {
            if (!epochBatches.hasNext()) {
                epochBatches.close();
                epochBatches = pipeline.batches(17, ++epoch, report, batch, threads, PREFETCH);
            }
            Batch b = epochBatches.next();
            if (b.examples() == batch) {
                return;
            }
            if (++partial > epochBatches.batchCount() + 1) {
                throw new IllegalStateException(photos + ": no full batch of " + batch + " in a whole epoch; bad files: "
                        + report.summary());
            }
        }
    }

    @Override
    public void close() {
        if (epochBatches != null) {
            epochBatches.close();
        }
        epochBatches = null;
        pipeline = null;
    }
}
