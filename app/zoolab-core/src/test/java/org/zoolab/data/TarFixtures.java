package org.zoolab.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tar archives for tests, including malicious entries that commons-compress would normally tidy up. */
final class TarFixtures {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TarFixtures() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TarFixtures dir(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    TarFixtures file(String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);       // true: keep a leading "/" as written
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
        return this;
    }

    TarFixtures file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TarFixtures link(String name, String target, boolean symbolic) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, symbolic ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    /** The uncompressed tar. */
    byte[] tar() throws IOException {
        tar.finish();
        return bytes.toByteArray();
    }

    /** Writes the archive gzipped to {@code file}. */
    Path writeTarGz(Path file) throws IOException {
        byte[] t = tar();
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            out.write(t);
        }
        return file;
    }
}
