package org.zoolab.cli;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.ChannelMean;
import org.zoolab.data.HorizontalMirror;
import org.zoolab.data.RandomCrop;
import org.zoolab.data.Sample;
import org.zoolab.data.ScaleShorterSide;
import org.zoolab.data.Transform;
import org.zoolab.data.Batch;
import org.zoolab.data.ClassFolderReader;
import org.zoolab.data.ImageDecoder;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;
import org.zoolab.data.PrefetchIterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The pipeline benchmark behind {@code scripts/bench-pipeline} (not a test): images/second of the 256 to 224
 * training chain (decode, shorter side to 256, random 224 crop, mirror, channel mean, batch assembly) over a
 * folder of real photos, with 1 and 2 decode threads; and, for comparison, the images/second at which an
 * AlexNet-shaped network (5 conv + 3 dense, 227x227 input, 1000 classes) trains on the same machine.
 * <pre>
 * PipelineBench prepare SRC_DIR DEST_DIR COUNT   # JPEG (q 90) copies of the photos in SRC_DIR, COUNT files in 10 classes
 * PipelineBench chain DIR THREADS[,THREADS] EPOCHS
 * PipelineBench alexnet BATCH ITERATIONS
 * </pre>
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            case "chain" -> chain(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "alexnet" -> alexnet(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "stages" -> stages(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> System.err.println("usage: PipelineBench prepare SRC DEST COUNT | chain DIR 1,2 EPOCHS | alexnet BATCH ITERATIONS");
        }
    }

    static void prepare(Path src, Path dest, int count) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
        }
        List<byte[]> photos = new ArrayList<>();
        long pixels = 0;
        for (Path f : files) {
            BufferedImage in;
            try {
                in = ImageIO.read(f.toFile());
            } catch (Exception e) {
                continue;
            }
            if (in == null || Math.min(in.getWidth(), in.getHeight()) < 256 || in.getColorModel().getNumColorComponents() != 3) {
                continue;
            }
            BufferedImage rgb = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            rgb.getGraphics().drawImage(in, 0, 0, null);
            photos.add(jpeg(rgb));
            pixels += (long) in.getWidth() * in.getHeight();
        }
        if (photos.isEmpty()) {
            throw new IllegalArgumentException(src + ": no colour photo of at least 256x256");
        }
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] p = photos.get(i % photos.size());
            Path f = dest.resolve(String.format("class%02d/%05d.jpg", i % 10, i));
            Files.createDirectories(f.getParent());
            Files.write(f, p);
            bytes += p.length;
        }
        System.out.printf(Locale.ROOT, "%d distinct photos (mean %.0f kilopixels) -> %d JPEG files (q 90, mean %.0f KB) in %s%n",
                photos.size(), pixels / 1e3 / photos.size(), count, bytes / 1024.0 / count, dest);
    }

    private static byte[] jpeg(BufferedImage img) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        return out.toByteArray();
    }

    static void chain(Path dir, String threadList, int epochs) {
        PipelineSpec spec = PipelineSpec.load("bench-256-224");
        BadFileReport report = new BadFileReport(false);
        ClassFolderReader source = ClassFolderReader.open(dir, ImageDecoder.rgb(), report);
        Pipeline p = Pipeline.train(spec, source, null);
        System.out.printf("chain: %s%nsource: %s, batch 128, prefetch 4, %d CPU cores%n", p.describe(), source.describe(),
                Runtime.getRuntime().availableProcessors());
        // warm-up: JIT and page cache
        run(p, Math.min(source.size(), 512), 2, report, -1);
        for (String t : threadList.split(",")) {
            int threads = Integer.parseInt(t.trim());
            for (int e = 0; e < epochs; e++) {
                run(p, source.size(), threads, report, e);
            }
        }
        if (!report.isEmpty()) {
            System.out.println("bad files: " + report.summary());
        }
    }

    private static void run(Pipeline p, int limit, int threads, BadFileReport report, int epoch) {
        long start = System.nanoTime();
        int images = 0;
        try (PrefetchIterator it = p.batches(17, Math.max(epoch, 0), report, 128, threads, 4)) {
            while (it.hasNext() && images < limit) {
                Batch b = it.next();
                images += b.examples();
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (epoch >= 0) {
            System.out.printf(Locale.ROOT, "decode threads %d, epoch %d: %d images in %.2f s = %.1f images/s%n", threads, epoch, images, s, images / s);
        }
    }

    /** Single-thread time per image of each stage: read + decode, resize, crop + mirror + mean. */
    static void stages(Path dir, int count) throws Exception {
        ClassFolderReader source = ClassFolderReader.open(dir, ImageDecoder.rgb(), new BadFileReport(false));
        Transform[] steps = {ScaleShorterSide.fixed(256), new RandomCrop(224),
                new HorizontalMirror(0.5), new ChannelMean(new float[]{123.68f, 116.78f, 103.94f})};
        long[] t = new long[3];
        long pixels = 0;
        int n = Math.min(count, source.size());
        for (int round = 0; round < 2; round++) {
            Arrays.fill(t, 0);
            pixels = 0;
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                Sample s = source.load(i);
                long b = System.nanoTime();
                pixels += (long) s.image().width() * s.image().height();
                steps[0].apply(s, Pipeline.sampleRandom(1, 0, i));
                long c = System.nanoTime();
                for (int k = 1; k < steps.length; k++) {
                    steps[k].apply(s, Pipeline.sampleRandom(1, 0, i));
                }
                long d = System.nanoTime();
                t[0] += b - a;
                t[1] += c - b;
                t[2] += d - c;
            }
        }
        System.out.printf(Locale.ROOT, "%d images, mean %.0f kilopixels: read+decode %.2f ms, resize to 256 %.2f ms, crop+mirror+mean %.2f ms per image%n",
                n, pixels / 1e3 / n, t[0] / 1e6 / n, t[1] / 1e6 / n, t[2] / 1e6 / n);
    }

    static void alexnet(int batch, int iterations) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Nesterovs(0.01, 0.9)).l2(5e-4)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(227, 227, 3))
                .addLayer("conv1", new ConvolutionLayer.Builder(11, 11).stride(4, 4).nOut(96).activation(Activation.RELU).build(), "in")
                .addLayer("lrn1", new LocalResponseNormalization.Builder().build(), "conv1")
                .addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), "lrn1")
                .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).padding(2, 2).nOut(256).activation(Activation.RELU).build(), "pool1")
                .addLayer("lrn2", new LocalResponseNormalization.Builder().build(), "conv2")
                .addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), "lrn2")
                .addLayer("conv3", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(384).activation(Activation.RELU).build(), "pool2")
                .addLayer("conv4", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(384).activation(Activation.RELU).build(), "conv3")
                .addLayer("conv5", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(256).activation(Activation.RELU).build(), "conv4")
                .addLayer("pool5", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), "conv5")
                .addLayer("fc6", new DenseLayer.Builder().nOut(4096).activation(Activation.RELU).build(), "pool5")
                .addLayer("fc7", new DenseLayer.Builder().nOut(4096).activation(Activation.RELU).build(), "fc6")
                .addLayer("fc8", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(1000).activation(Activation.SOFTMAX).build(), "fc7")
                .setOutputs("fc8").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 227, 227);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 1000);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 1000, 1f);
        }
        System.out.printf("AlexNet-shaped network: %d parameters, batch %d, %d CPU cores%n", net.numParams(), batch,
                Runtime.getRuntime().availableProcessors());
        net.fit(new INDArray[]{x}, new INDArray[]{y}); // warm-up
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            net.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "AlexNet training: %d iterations x %d images in %.1f s = %.1f images/s%n", iterations, batch, s,
                iterations * batch / s);
    }
}
