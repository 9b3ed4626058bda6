package org.zoolab.cli;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.zoolab.BadInputException;
import org.zoolab.train.ModelFile;
import org.zoolab.train.ModelInput;
import org.zoolab.train.WeightImporter;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code zoolab import}: weights from a DL4J model zip or a Keras .h5 into a zoolab architecture. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Copy weights from a DL4J model zip or a Keras .h5 file (DL4J's Keras import) into a zoolab",
                "architecture, layer by layer where names and shapes agree; reports every layer that does not match.",
                "zoolab downloads no weights: supply the file (e.g. one saved with Keras's model.save('x.h5')).",
                "  zoolab import lenet5_keras.h5 --model lenet5 --out lenet5-imported.zip"})
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A DL4J model zip or a Keras HDF5 file (.h5).")
    Path file;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The zoolab architecture (zoolab models).")
    String model;

    @Option(names = "--classes", paramLabel = "N", description = "Classes (default: the model's).")
    Integer classes;

    @Option(names = "--input", paramLabel = "C,H,W", description = "Input shape (default: the model's).")
    String input;

    @Option(names = "--rename", split = ",", paramLabel = "FROM=TO", description = "Source layer names to zoolab names, e.g. dense_1=f6.")
    List<String> rename;

    @Option(names = "--strict", description = "Fail (write nothing) unless every layer with weights matched.")
    boolean strict;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The zoolab model file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        ModelInfo info = Zoo.info(model);
        ModelOptions.Builder b = ModelOptions.builder();
        if (classes != null) b.numClasses(classes);
        int c = info.inputChannels(), h = info.inputHeight(), w = info.inputWidth();
        if (input != null) {
            String[] p = input.split(",");
            try {
                if (p.length != 3) throw new NumberFormatException();
                c = Integer.parseInt(p[0].trim());
                h = Integer.parseInt(p[1].trim());
                w = Integer.parseInt(p[2].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("--input " + input + ": expected C,H,W, e.g. 3,224,224");
            }
            b.input(c, h, w);
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (rename != null) {
            for (String r : rename) {
                String[] kv = r.split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) throw new BadInputException("--rename " + r + ": expected FROM=TO");
                names.put(kv[0].trim(), kv[1].trim());
            }
        }
        ComputationGraph target = Zoo.get(model, b.build()).init();
        WeightImporter.Report r = WeightImporter.copy(WeightImporter.readSource(file), target, names, file.toString());
        o.print(r.table());
        if (strict && !r.complete()) {
            throw new BadInputException(file + " does not fill every layer of " + info.name() + " (--strict): see the table above");
        }
        int n = classes != null ? classes : info.numClasses();
        ModelInput in = new ModelInput(c, h, w, 0, null, n == 1000 ? org.zoolab.train.Predictor.imagenetClasses() : List.of());
        ModelFile.write(target, out, false, Map.of(ModelInput.ENTRY, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(in)));
        o.printf("%-8s %s (%s%s)%n", "wrote", out, info.name(), r.complete() ? "" : ", layers not matched keep their initial weights");
        return Main.EXIT_OK;
    }
}
