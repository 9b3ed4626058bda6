package org.zoolab.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zoolab data fetch|list}: exit codes and what the user reads. */
class DataCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsEveryDataSetAndTheDirectory() {
        int code = Main.run("data", "list", "--data-dir", tmp.toString());
        assertThat(code).isEqualTo(0);
        assertThat(out()).startsWith("data directory: " + tmp + " (from --data-dir)\n"
                + "NAME           STATUS               SIZE  WHERE / HOW\n"
                + "mnist          not installed           -  zoolab data fetch mnist\n"
                + "fashion-mnist  not installed           -  zoolab data fetch fashion-mnist\n"
                + "cifar10        not installed           -  download cifar-10-binary.tar.gz from");
        assertThat(out()).contains("\nimagenet       not installed").contains("\nphotos         not installed");
    }

    @Test
    void cifar10WithoutFromIsABadInputWithoutStackTrace() {
        int code = Main.run("data", "fetch", "cifar10", "--data-dir", tmp.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err()).isEqualTo("zoolab: error: CIFAR-10 cannot be downloaded here: download cifar-10-binary.tar.gz from"
                + " https://www.cs.toronto.edu/~kriz/cifar.html and run `zoolab data fetch cifar10 --from PATH`\n");
    }

    @Test
    void unknownNameIsABadInput() {
        assertThat(Main.run("data", "fetch", "cifar100", "--data-dir", tmp.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("zoolab: error: unknown data set 'cifar100': known are mnist, fashion-mnist, cifar10,"
                + " imagenet, photos\n");
    }

    @Test
    void fetchImagenetFromAFolderThenListIt() throws IOException {
        Path root = tmp.resolve("imagenet-layout");
        Files.createDirectories(root.resolve("train/n01440764"));
        Files.write(root.resolve("train/n01440764/a.JPEG"), new byte[]{1});
        Path data = tmp.resolve("data");
        assertThat(Main.run("data", "fetch", "imagenet", "--from", root.toString(), "--data-dir", data.toString())).isEqualTo(0);
        assertThat(out()).contains("imagenet: " + root.toRealPath() + ": 1 classes, 1 train images, 0 val images")
                .contains("imagenet: installed at " + data.resolve("imagenet"));
        out.reset();
        assertThat(Main.run("data", "fetch", "imagenet", "--from", root.toString(), "--data-dir", data.toString())).isEqualTo(0);
        assertThat(out()).isEqualTo("imagenet: already installed at " + data.resolve("imagenet")
                + " (delete that folder to reinstall)\n");
        out.reset();
        assertThat(Main.run("data", "list", "--data-dir", data.toString())).isEqualTo(0);
        assertThat(out()).containsPattern("\nimagenet +installed +\\S+ \\S+ +" + java.util.regex.Pattern.quote(root.toRealPath().toString()));
    }

    @Test
    void dataAloneShowsItsSubcommands() {
        assertThat(Main.run("data")).isEqualTo(0);
        assertThat(out()).contains("fetch").contains("list").contains("Install and inspect data sets");
    }
}
