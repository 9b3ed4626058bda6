package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each bad-input case of issue 4 in one class-folder tree: skipped (or converted) and listed with its reason,
 * the good files used with their own labels; --strict stops at the first with its path and reason.
 */
class BadFilesTest {
    private static final String SPEC = """
            name: bad
            source: {type: class-folder, dataset: test}
            train:
              - random-crop: {size: 16}
              - horizontal-mirror: {p: 0.5}
            eval: []
            batch-size: 3
            prefetch: 2
            decode-threads: 2
            """;

    @TempDir
    Path root;

    private Path tree() throws Exception {
        // class a: red
        TestImages.write(root.resolve("a/a0.png"), TestImages.png(TestImages.solid(40, 30, 250, 0, 0)));
        TestImages.write(root.resolve("a/a1.jpg"), TestImages.jpeg(TestImages.solid(32, 32, 250, 0, 0), 0.95f));
        TestImages.write(root.resolve("a/a2-empty.jpg"), new byte[0]);
        TestImages.write(root.resolve("a/a3-text.jpg"), "just some notes\n".getBytes(StandardCharsets.US_ASCII));
        TestImages.write(root.resolve("a/notes.txt"), "ignored: not an image extension".getBytes(StandardCharsets.US_ASCII));
        // class b: green
        TestImages.write(root.resolve("b/b0.jpg"), TestImages.jpeg(TestImages.solid(20, 24, 0, 250, 0), 0.95f));
        byte[] noisy = TestImages.jpeg(ImageDecoderTest.noise(64, 64), 0.9f);
        TestImages.write(root.resolve("b/b1-truncated.jpg"), Arrays.copyOf(noisy, noisy.length / 2));
        TestImages.write(root.resolve("b/b2-bomb.png"), TestImages.pngHeaderOnly(100_000, 100_000));
        TestImages.write(root.resolve("b/b3-small.png"), TestImages.png(TestImages.solid(10, 12, 0, 250, 0)));
        // class c: blue-ish or grey files that are converted, not skipped
        TestImages.write(root.resolve("c/c0-16bit.png"), TestImages.png(TestImages.rgb16(20, 20, 0, 0, 65535)));
        java.awt.image.BufferedImage alpha = new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                alpha.setRGB(x, y, 0x400000ff);
            }
        }
        TestImages.write(root.resolve("c/c1-alpha.png"), TestImages.png(alpha));
        TestImages.write(root.resolve("c/c2-grey.jpg"), TestImages.jpeg(TestImages.grey(20, 20, 200), 0.95f));
        TestImages.write(root.resolve("c/c3-cmyk.jpg"), ImageDecoderTest.cmykJpeg(new int[]{255, 0, 0, 0}, 24));
        // class d: an empty class folder (label kept)
        Files.createDirectories(root.resolve("d"));
        // class e: white, and a dangling link
        TestImages.write(root.resolve("e/e0.png"), TestImages.png(TestImages.solid(16, 16, 255, 255, 255)));
        Files.createSymbolicLink(root.resolve("e/e1-link.jpg"), root.resolve("e/gone.jpg"));
        return root;
    }

    @Test
    void eachBadFileIsSkippedAndListedAndNoLabelShifts() throws Exception {
        tree();
        BadFileReport report = new BadFileReport(false);
        PipelineSpec spec = PipelineSpec.parse("bad.yaml", SPEC);
        ClassFolderReader source = ClassFolderReader.open(root, ImageDecoder.rgb(), report);
        assertThat(source.classIds()).containsExactly("a", "b", "c", "d", "e");
        assertThat(source.ignoredFiles()).isEqualTo(1);
        Pipeline p = Pipeline.train(spec, source, null);

        Map<String, Integer> seen = new HashMap<>();
        try (PrefetchIterator it = p.batches(1, 0, report)) {
            while (it.hasNext()) {
                Batch b = it.next();
                for (int i = 0; i < b.examples(); i++) {
                    FloatImage img = b.image(i);
                    float r = img.get(0, 8, 8);
                    float g = img.get(1, 8, 8);
                    float bl = img.get(2, 8, 8);
                    String colour = r > 200 && g > 200 && bl > 200 ? "e" : r > 200 ? "a" : g > 200 && bl < 100 ? "b" : "c";
                    assertThat(source.classIds().get(b.labels()[i])).as(b.names().get(i)).isEqualTo(colour);
                    seen.put(Path.of(b.names().get(i)).getFileName().toString(), b.labels()[i]);
                }
            }
        }
        assertThat(seen).containsOnlyKeys("a0.png", "a1.jpg", "b0.jpg", "c0-16bit.png", "c1-alpha.png", "c2-grey.jpg",
                "c3-cmyk.jpg", "e0.png");
        assertThat(seen.get("e0.png")).isEqualTo(4); // after the empty class d, e keeps label 4

        assertThat(reason(report, "a/a2-empty.jpg")).isEqualTo("empty file (0 bytes)");
        assertThat(reason(report, "a/a3-text.jpg"))
                .isEqualTo("not an image (no decoder recognises the content; it starts with text: \"just some notes\")");
        assertThat(reason(report, "b/b1-truncated.jpg")).startsWith("truncated or corrupt");
        assertThat(reason(report, "b/b2-bomb.png"))
                .isEqualTo("declared size 100000x100000 (10000 megapixels) exceeds the 50-megapixel limit (decompression bomb?)");
        assertThat(reason(report, "b/b3-small.png")).isEqualTo("image 10x12 is smaller than the 16x16 crop");
        assertThat(reason(report, "d")).isEqualTo("empty class folder (no usable image files; label 3 'd' kept)");
        assertThat(reason(report, "e/e1-link.jpg")).isEqualTo("unreadable file (dangling link)");
        assertThat(report.skippedCount()).isEqualTo(7);

        assertThat(converted(report, "c/c0-16bit.png")).isEqualTo("16-bit -> 8-bit");
        assertThat(converted(report, "c/c1-alpha.png")).isEqualTo("alpha dropped");
        assertThat(converted(report, "c/c2-grey.jpg")).isEqualTo("grayscale -> RGB");
        assertThat(converted(report, "c/c3-cmyk.jpg")).isEqualTo("CMYK -> RGB");
        assertThat(report.convertedCount()).isEqualTo(4);
        assertThat(report.summary()).startsWith("7 files skipped (").endsWith(", 4 converted");

        Path written = report.writeTo(root.resolve("run"));
        String tsv = Files.readString(written);
        assertThat(tsv).startsWith("outcome\tfile\treason\n");
        assertThat(tsv).contains("skipped\t" + root.resolve("a/a2-empty.jpg").toAbsolutePath() + "\tempty file (0 bytes)\n");
        assertThat(tsv).contains("converted\t" + root.resolve("c/c0-16bit.png").toAbsolutePath() + "\t16-bit -> 8-bit\n");
    }

    @Test
    void unreadableFileIsSkipped() throws Exception {
        Path f = TestImages.write(root.resolve("a/locked.png"), TestImages.png(TestImages.solid(20, 20, 1, 2, 3)));
        TestImages.write(root.resolve("a/ok.png"), TestImages.png(TestImages.solid(20, 20, 1, 2, 3)));
        Files.setPosixFilePermissions(f, java.util.Set.of());
        BadFileReport report = new BadFileReport(false);
        ClassFolderReader source = ClassFolderReader.open(root, ImageDecoder.rgb(), report);
        if (Files.isReadable(f)) {
            // running as root: permissions do not stop reading, so the file is simply used
            assertThat(source.size()).isEqualTo(2);
        } else {
            assertThat(source.size()).isEqualTo(1);
            assertThat(reason(report, "a/locked.png")).isEqualTo("unreadable file (permission denied)");
        }
        // the decoder's own check, whatever the user: a file that vanished after the scan
        assertThatThrownBy(() -> ImageDecoder.rgb().decode(root.resolve("a/vanished.png")))
                .isInstanceOf(BadImageException.class).hasMessage("unreadable file (no such file)");
    }

    @Test
    void strictStopsAtTheFirstBadFileNamingIt() throws Exception {
        tree();
        assertThatThrownBy(() -> ClassFolderReader.open(root, ImageDecoder.rgb(), new BadFileReport(true)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(root.resolve("a/a2-empty.jpg").toAbsolutePath() + ": empty file (0 bytes) (--strict stops at the first bad file)");

        Path only = root.resolve("strict");
        TestImages.write(only.resolve("x/ok.png"), TestImages.png(TestImages.solid(20, 20, 9, 9, 9)));
        TestImages.write(only.resolve("x/text.jpg"), "not a picture".getBytes(StandardCharsets.US_ASCII));
        BadFileReport strict = new BadFileReport(true);
        ClassFolderReader source = ClassFolderReader.open(only, ImageDecoder.rgb(), strict);
        Pipeline p = Pipeline.train(PipelineSpec.parse("bad.yaml", SPEC), source, null);
        assertThatThrownBy(() -> {
            try (PrefetchIterator it = p.batches(1, 0, strict)) {
                while (it.hasNext()) {
                    it.next();
                }
            }
        }).isInstanceOf(BadInputException.class)
                .hasMessage(only.resolve("x/text.jpg").toAbsolutePath() + ": not an image (no decoder recognises the content;"
                        + " it starts with text: \"not a picture\") (--strict stops at the first bad file)");
    }

    @Test
    void maskOfAnotherSizeIsSkipped() throws Exception {
        Path data = root.resolve("seg");
        TestImages.write(data.resolve("images/p0.png"), TestImages.png(TestImages.solid(32, 32, 10, 10, 10)));
        TestImages.write(data.resolve("masks/p0.png"), TestImages.png(TestImages.grey(32, 32, 255)));
        TestImages.write(data.resolve("images/p1.png"), TestImages.png(TestImages.solid(32, 32, 10, 10, 10)));
        TestImages.write(data.resolve("masks/p1.png"), TestImages.png(TestImages.grey(30, 20, 255)));
        TestImages.write(data.resolve("images/p2.png"), TestImages.png(TestImages.solid(32, 32, 10, 10, 10)));
        BadFileReport report = new BadFileReport(false);
        SegmentationPairReader source = SegmentationPairReader.open(data, "images", "masks", ImageDecoder.rgb(), 2,
                SegmentationPairReader.MaskEncoding.BINARY, report);
        assertThat(source.size()).isEqualTo(2);
        assertThat(reason(report, "images/p2.png", data)).isEqualTo("no mask (expected " + data.toAbsolutePath().resolve("masks/p2.png") + ")");
        assertThatThrownBy(() -> source.load(1)).isInstanceOf(BadImageException.class)
                .hasMessage("mask 30x20 differs from image 32x32 (p1.png)");
        Sample ok = source.load(0);
        assertThat(ok.mask().get(0, 5, 5)).isEqualTo(1f);
    }

    private String reason(BadFileReport report, String relative) {
        return reason(report, relative, root);
    }

    private static String reason(BadFileReport report, String relative, Path base) {
        BadFileReport.Entry e = report.entry(base.toAbsolutePath().resolve(relative).toString());
        assertThat(e).as("report entry for " + relative + " in " + report.entries()).isNotNull();
        assertThat(e.outcome()).isEqualTo(BadFileReport.Outcome.SKIPPED);
        return e.reason();
    }

    private String converted(BadFileReport report, String relative) {
        BadFileReport.Entry e = report.entry(root.toAbsolutePath().resolve(relative).toString());
        assertThat(e).as("report entry for " + relative).isNotNull();
        assertThat(e.outcome()).isEqualTo(BadFileReport.Outcome.CONVERTED);
        return e.reason();
    }
}
