package org.zoolab.cli;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.zoolab.BadInputException;
import org.zoolab.data.Units;
import org.zoolab.export.OnnxExporter;
import org.zoolab.export.OnnxModel;
import org.zoolab.export.OnnxSchema.ValueInfoProto;
import org.zoolab.train.ModelInput;
import org.zoolab.train.ModelSource;
import org.zoolab.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code zoolab export MODEL --onnx FILE}: the network as an ONNX model, for ONNX Runtime and friends. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a classifier as an ONNX model (opset " + OnnxExporter.OPSET + ", NCHW float32, any batch size) "
                + "with its weights; see docs/export.md for the layers it translates.",
                "  zoolab export runs/lenet5-mnist-20261122-210000 --onnx lenet5.onnx",
                "  zoolab export resnet-50 --onnx resnet50-untrained.onnx"})
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR|MODEL",
            description = "A run directory, a model file, or a zoo name (its architecture with untrained weights).")
    String model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write (replaced atomically).")
    Path onnx;

    @Option(names = "--input", paramLabel = "C,H,W",
            description = "The input shape, for a DL4J model file that does not record it (zoolab's files do).")
    String input;

    @Override
    public Integer call() throws IOException {
        ModelSource m = ModelSource.load(model);
        InputType type = inputType(m);
        OnnxModel x = OnnxExporter.export(m.graph(), graphName(model), type);
        x.write(onnx);
        PrintStream out = System.out;
        out.println("wrote " + onnx);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"model", m.from()});
        for (ValueInfoProto v : x.proto().getGraph().getInputList()) {
            rows.add(new String[]{"input", v.getName() + " " + shape(v)});
        }
        for (ValueInfoProto v : x.proto().getGraph().getOutputList()) {
            rows.add(new String[]{"output", v.getName() + " " + shape(v)});
        }
        rows.add(new String[]{"nodes", CountFormat.exact(x.nodes())});
        rows.add(new String[]{"parameters", CountFormat.exact(x.parameters()) + " (" + CountFormat.human(x.parameters()) + ")"});
        rows.add(new String[]{"opset", x.opset() + " (IR version " + x.proto().getIrVersion() + ")"});
        rows.add(new String[]{"file size", Units.bytes(Files.size(onnx))});
        List<String[]> indented = rows.stream().map(r -> new String[]{"  " + r[0], r[1]}).toList();
        ModelsCommand.printAligned(out, indented, new boolean[]{false, false});
        return Main.EXIT_OK;
    }

    private InputType inputType(ModelSource m) {
        if (input != null) {
            int[] chw = SummaryCommand.parseInput(input);
            return InputType.convolutional(chw[1], chw[2], chw[0]);
        }
        if (m.input() == null) {
            throw new BadInputException(m.from() + " does not say what input it takes (no " + ModelInput.ENTRY
                    + "); give it with --input C,H,W");
        }
        ModelInput in = m.input();
        return InputType.convolutional(in.height(), in.width(), in.channels());
    }

    /** The ONNX graph's name: the zoo model's name, else the run directory's or file's name. */
    private static String graphName(String spec) {
        Path p = Path.of(spec);
        if (Files.exists(p)) {
            Path name = p.toAbsolutePath().normalize().getFileName();
            return name == null ? "model" : name.toString().replaceFirst("\\.zip$", "");
        }
        return Zoo.info(spec).name();
    }

    private static String shape(ValueInfoProto v) {
        return "[" + v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue()))
                .collect(Collectors.joining(", ")) + "]";
    }
}
