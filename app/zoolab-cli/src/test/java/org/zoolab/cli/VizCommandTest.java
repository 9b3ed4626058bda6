package org.zoolab.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class VizCommandTest {

    @Test
    void reportRowsHaveAnEightWideLabelColumnAndRootLocaleNumbers() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // a decimal comma must not leak into the report
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream o = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            VizCommand.row(o, "t-SNE", "%,d points, KL %.4f, %.1f s", 12345, 0.25, 3.0);
            VizCommand.row(o, "note", "the network has batch normalization: (this image's own");
            VizCommand.row(o, "", "statistics), so the map is approximate");
            VizCommand.row(o, "wrote", "%s (%dx%d)", "f.png", 139, 93);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
                    "t-SNE    12,345 points, KL 0.2500, 3.0 s",
                    "note     the network has batch normalization: (this image's own",
                    "         statistics), so the map is approximate",
                    "wrote    f.png (139x93)", ""));
        } finally {
            Locale.setDefault(before);
        }
    }
}
