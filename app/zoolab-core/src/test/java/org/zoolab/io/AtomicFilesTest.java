package org.zoolab.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("sub/metrics.csv");
        AtomicFiles.writeString(f, "epoch,loss\n");
        AtomicFiles.writeString(f, "epoch,loss\n1,0.5\n");
        assertThat(Files.readString(f)).isEqualTo("epoch,loss\n1,0.5\n");
        try (var files = Files.list(f.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metrics.csv");
        }
    }

    @Test
    void aNewFileGetsTheModeOfAnyNewFileNotOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(dir.resolve("reference")); // 0666 less this process's umask
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(reference);
        assumeTrue(umaskMode.contains(PosixFilePermission.OWNER_READ) && umaskMode.contains(PosixFilePermission.GROUP_READ),
                "a umask that lets the group read, e.g. 022 or 002");

        Path written = dir.resolve("experiment.yaml");
        AtomicFiles.writeString(written, "model: lenet5\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
                .isEqualTo(PosixFilePermissions.toString(umaskMode))
                .isNotEqualTo("rw-------");

        // replacing an owner-only file gives the new file's mode, as any program writing a new file would
        Path old = dir.resolve("old.json");
        Files.writeString(old, "{}");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.writeString(old, "{\"epoch\": 2}");
        assertThat(Files.getPosixFilePermissions(old)).isEqualTo(umaskMode);
    }

    @Test
    void aDiskThatFailsPartWayLeavesTheOldFileWholeAndNoTemporary() throws IOException {
        Path f = dir.resolve("model.zip");
        AtomicFiles.writeString(f, "old content");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> out.write(new byte[1 << 20]), FailingAfter100Bytes::new))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old content");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.zip");
        }
    }

    @Test
    void writesAPngThatReadsBack() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x00ff8000);
        Path f = dir.resolve("samples/epoch-001.png");
        AtomicFiles.writePng(f, image);
        BufferedImage back = ImageIO.read(f.toFile());
        assertThat(back.getWidth()).isEqualTo(3);
        assertThat(back.getHeight()).isEqualTo(2);
        assertThat(back.getRGB(2, 1) & 0xffffff).isEqualTo(0xff8000);
    }

    @Test
    void deletesOnlyStrayTemporaries() throws IOException {
        Files.writeString(dir.resolve(".metrics.csv.8123456789" + AtomicFiles.TMP_SUFFIX), "half");
        Files.writeString(dir.resolve("metrics.csv"), "whole");
        Files.writeString(dir.resolve("notes.tmp"), "a user's file, not hidden");
        AtomicFiles.deleteStrayTemporaries(dir);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metrics.csv", "notes.tmp");
        }
    }

    /** A stream that accepts 100 bytes, then fails like a full disk. */
    private static final class FailingAfter100Bytes extends FilterOutputStream {
        private int written;

        FailingAfter100Bytes(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (++written > 100) throw new IOException("disk full");
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) write(b[off + i]);
        }
    }
}
