package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header {@code 0x00 0x00 type
 * ndims}, then {@code ndims} 32-bit sizes, then the data. zoolab reads unsigned-byte ({@code type 0x08}) label files
 * (1 dimension, magic {@code 0x00000801}) and image files (3 dimensions, magic {@code 0x00000803}), raw or gzipped
 * (recognised by the gzip magic bytes, whatever the file is called). The data must be exactly as long as the header
 * says; anything else is a BadInputException naming the file.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Images read from an IDX file: {@code count} images of {@code rows x cols} unsigned bytes, row-major, back to back. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private IdxReader() {
    }

    /** Reads an image file ({@code *-images-idx3-ubyte[.gz]}). */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int count = header(file, in, IMAGES_MAGIC, "image");
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows <= 0 || cols <= 0) {
                throw new BadInputException(file + ": image size " + rows + "x" + cols + " in the IDX header; expected positive sizes");
            }
            long n = (long) count * rows * cols;
            if (n > Integer.MAX_VALUE - 16) {
                throw new BadInputException(file + ": " + count + " images of " + rows + "x" + cols + " is too many for one array");
            }
            return new Images(count, rows, cols, data(file, in, (int) n, 16));
        } catch (EOFException e) {
            throw new BadInputException(file + ": ends inside its IDX header");
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** Reads a label file ({@code *-labels-idx1-ubyte[.gz]}): one unsigned byte per example. */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int count = header(file, in, LABELS_MAGIC, "label");
            return data(file, in, count, 8);
        } catch (EOFException e) {
            throw new BadInputException(file + ": ends inside its IDX header");
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static int header(Path file, DataInputStream in, int magic, String kind) throws IOException {
        int actual = in.readInt();
        if (actual != magic) {
            throw new BadInputException(String.format("%s: not an IDX %s file (magic number 0x%08x, expected 0x%08x)",
                    file, kind, actual, magic));
        }
        int count = in.readInt();
        if (count < 0) {
            throw new BadInputException(file + ": negative item count " + count + " in the IDX header");
        }
        return count;
    }

    /** Exactly {@code n} data bytes, then end of file. */
    private static byte[] data(Path file, InputStream in, int n, int headerBytes) throws IOException {
        byte[] data;
        try {
            data = in.readNBytes(n);
        } catch (EOFException e) {
            throw new BadInputException(file + ": truncated gzip data (" + e.getMessage() + ")");
        }
        if (data.length < n) {
            throw new BadInputException(file + ": truncated: its IDX header says " + n + " data bytes, the file has "
                    + data.length + " after the " + headerBytes + "-byte header");
        }
        if (in.read() != -1) {
            throw new BadInputException(file + ": has bytes after the " + n + " data bytes its IDX header announces");
        }
        return data;
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static RuntimeException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new BadInputException(file + ": no such file");
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new BadInputException(file + ": broken gzip data (" + e.getMessage() + ")");
        }
        return new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
}
