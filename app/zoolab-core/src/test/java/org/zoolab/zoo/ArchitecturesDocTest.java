package org.zoolab.zoo;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the counts table of {@code docs/architectures.md} generated from the code: the block between the
 * markers must equal what {@link #table()} prints for every registered model. Regenerate it with
 * {@code mvn -o -q test -pl app/zoolab-core -Dtest=ArchitecturesDocTest -Dzoolab.updateDocs=true}.
 */
class ArchitecturesDocTest {
    static final String BEGIN = "<!-- BEGIN GENERATED: ArchitecturesDocTest (do not edit by hand) -->";
    static final String END = "<!-- END GENERATED -->";
    private static final Path DOC = Path.of("../../docs/architectures.md");

    /** The markdown table of every registered model, counted from its configuration at its default input. */
    static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | aliases | year | input C,H,W | trainable params | BN statistics | MACs / image |\n");
        sb.append("|---|---|---:|---|---:|---:|---:|\n");
        for (ModelInfo info : Zoo.models()) {
            ModelSummary s = Zoo.get(info.name()).summary();
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %s | %,d | %,d | %,d (%s) |%n",
                    info.name(), String.join(", ", info.aliases()), info.year(), info.inputShape(),
                    s.trainableParams(), s.nonTrainableParams(), s.macs(), short3(s.macs())));
        }
        return sb.toString();
    }

    /** 3 decimals in the largest unit that keeps the value at or above 1: 7,840 -> "7.840 K". */
    private static String short3(long n) {
        String[] units = {"", " K", " M", " G", " T"};
        double v = n;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? Long.toString(n) : String.format(Locale.ROOT, "%.3f%s", v, units[u]);
    }

    @Test
    void countsTableIsUpToDate() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        assertThat(b).as("marker in " + DOC).isNotNegative();
        assertThat(e).as("marker in " + DOC).isGreaterThan(b);
        String generated = BEGIN + "\n" + table() + END;
        String current = doc.substring(b, e + END.length());
        if (Boolean.getBoolean("zoolab.updateDocs") && !current.equals(generated)) {
            write(doc.substring(0, b) + generated + doc.substring(e + END.length()));
            return;
        }
        assertThat(current).as(DOC + " is stale; regenerate with -Dzoolab.updateDocs=true (see class comment)")
                .isEqualTo(generated);
    }

    /** Temp file in the same directory, fsync, atomic rename. */
    private static void write(String text) throws IOException {
        Path tmp = Files.createTempFile(DOC.toAbsolutePath().getParent(), ".architectures", ".md.tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, DOC, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
