package org.zoolab.generative;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTableTest {
    @TempDir
    Path tmp;

    @Test
    void writesReadableCsvAndReadsItBack() throws Exception {
        MetricsTable t = new MetricsTable(List.of("epoch", "elbo", "fid"));
        t.add(1, -105.123456789, Double.NaN);
        t.add(2, -0.000012345, 3.5);
        Path f = tmp.resolve("metrics.csv");
        t.write(f);
        assertThat(Files.readString(f)).isEqualTo("epoch,elbo,fid\n1,-105.123,\n2,-1.2345e-05,3.5\n");
        MetricsTable back = MetricsTable.read(f, List.of("epoch", "elbo", "fid"));
        assertThat(back.column("epoch")).containsExactly(1, 2);
        assertThat(back.column("fid")[0]).isNaN();
        back.keepUpTo("epoch", 1);
        assertThat(back.size()).isEqualTo(1);
    }
}
