package org.zoolab.cli;

import org.zoolab.data.DataDirectory;
import org.zoolab.data.DatasetInstaller;
import org.zoolab.data.DatasetStatus;
import org.zoolab.data.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zoolab data list}: every known data set, installed or not, where, and how big. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the known data sets: installed or not, where, size.")
public final class DataListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DataDirectory dir = dataDir.resolve();
        List<DatasetStatus> all = new DatasetInstaller(dir, line -> { }).list();
        out.printf("data directory: %s (%s)%n", dir.root(), switch (dir.chosenBy()) {
            case "default" -> "default; set " + DataDirectory.ENV + " or --data-dir to change";
            default -> "from " + dir.chosenBy();
        });
        int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(4);
        String row = "%-" + width + "s  %-13s  %10s  %s%n";
        out.printf(row, "NAME", "STATUS", "SIZE", "WHERE / HOW");
        for (DatasetStatus s : all) {
            if (s.installed()) {
                out.printf(row, s.name(), "installed", Units.bytes(s.bytes()), s.location() + "  (" + s.files() + " files)");
            } else {
                out.printf(row, s.name(), "not installed", "-", s.hint());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
