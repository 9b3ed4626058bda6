package org.zoolab.cli;

import org.zoolab.data.BadFileReport;
import org.zoolab.data.ClassFolderReader;
import org.zoolab.data.DatasetInspection;
import org.zoolab.data.ImageDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code zoolab data inspect DIR}: class counts, image sizes, colour kinds and bad files of a class-folder tree. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode every image of a class-folder tree (DIR/<class>/<files>) and report class counts,"
                + " image sizes, colour kinds (what gets converted) and bad files.")
public final class DataInspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A tree of class folders.")
    Path dir;

    @Option(names = "--threads", paramLabel = "N", description = "Decode threads (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int threads;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write the bad-file list as DIR/" + BadFileReport.FILE_NAME + ".")
    Path reportDir;

    @Option(names = "--max-megapixels", paramLabel = "MP", description = "Refuse images declaring more pixels (default: ${DEFAULT-VALUE}).",
            defaultValue = "50")
    double maxMegapixels;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BadFileReport report = new BadFileReport(false);
        ClassFolderReader source = ClassFolderReader.open(dir, new ImageDecoder(3, (long) (maxMegapixels * 1e6)), report);
        DatasetInspection r = DatasetInspection.run(source, threads, report);
        out.println(source.describe());
        List<String> shown = new ArrayList<>();
        for (int label = 0; label < source.classIds().size(); label++) {
            String id = source.classIds().get(label);
            String name = source.classNames().get(label);
            String s = name.equals(id) ? id : id + " " + name;
            shown.add(s.length() > 48 ? s.substring(0, 47) + "~" : s);
        }
        int width = Math.max(12, shown.stream().mapToInt(String::length).max().orElse(5));
        out.printf("  %-" + width + "s %8s%n", "class", "images");
        int label = 0;
        for (Map.Entry<String, Integer> e : r.classCounts().entrySet()) {
            out.printf("  %-" + width + "s %8d%n", shown.get(label++), e.getValue());
        }
        out.printf("  %-" + width + "s %8d%n", "total usable", r.usable());
        if (r.usable() > 0) {
            int[] w = r.widths();
            int[] h = r.heights();
            out.printf("sizes (width x height, pixels): min %dx%d, median %dx%d, max %dx%d; most common: %s%n",
                    w[0], h[0], w[w.length / 2], h[h.length / 2], w[w.length - 1], h[h.length - 1], top(r.sizes(), 3));
            out.println("colour: " + top(r.colours(), 10));
        }
        if (source.ignoredFiles() > 0) {
            out.println("ignored: " + source.ignoredFiles() + " files without an image extension");
        }
        List<BadFileReport.Entry> skipped = report.entries(BadFileReport.Outcome.SKIPPED);
        out.println("bad files: " + report.summary());
        for (BadFileReport.Entry e : skipped) {
            out.println("  " + e.file() + "  " + e.reason());
        }
        if (reportDir != null) {
            out.println("report: " + report.writeTo(reportDir));
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static String top(Map<String, Integer> counts, int n) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (i++ == n) {
                sb.append(", ...");
                break;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        return sb.toString();
    }
}
