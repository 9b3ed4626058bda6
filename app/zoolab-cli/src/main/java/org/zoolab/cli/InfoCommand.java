package org.zoolab.cli;

import org.zoolab.backend.SystemReport;
import org.zoolab.data.DataDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code zoolab info}: backend, BLAS, threads, CPU level, GPUs, JVM and memory limits, data directory. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the backend, BLAS, threads, CPU instruction level, GPUs, JVM, memory limits and data directory.")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("backend choice", Main.backendReason());
        rows.putAll(SystemReport.collect());
        DataDirectory data = DataDirectory.resolve(null);
        rows.put("data directory", data.root() + " (" + data.chosenBy() + ")");
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        rows.forEach((k, v) -> System.out.printf("%-" + width + "s  %s%n", k, v));
        return Main.EXIT_OK;
    }
}
