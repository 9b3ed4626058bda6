package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version (Krizhevsky 2009; {@code cifar-10-binary.tar.gz}): each of
 * {@code data_batch_1.bin} .. {@code data_batch_5.bin} and {@code test_batch.bin} holds 10,000 records of 3,073 bytes,
 * a label byte (0-9) then 3,072 pixel bytes: the 1,024 red values of the 32x32 image row-major, then the 1,024 green,
 * then the 1,024 blue. Class names are in {@code batches.meta.txt}, one per line.
 */
public final class Cifar10BinaryReader {

    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    /** Pixel bytes per image: 3 planes of 32x32, R then G then B. */
    public static final int PIXELS = CHANNELS * SIDE * SIDE;
    /** Bytes per record: 1 label byte + {@link #PIXELS}. */
    public static final int RECORD = 1 + PIXELS;
    /** Records per batch file in the published archive. */
    public static final int RECORDS_PER_FILE = 10_000;
    /** The training batch files, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";
    public static final String META_FILE = "batches.meta.txt";
    /** CIFAR-10's classes as published in batches.meta.txt. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /** One batch file: {@code count} labels and {@code count * 3072} pixel bytes (CHW, RGB). */
    public record Batch(int count, byte[] labels, byte[] pixels) {
    }

    private Cifar10BinaryReader() {
    }

    /**
     * Reads one batch file.
     *
     * @throws BadInputException naming the file if its size is not a whole number of records or a label is above 9
     */
    public static Batch read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (all.length == 0 || all.length % RECORD != 0) {
            throw new BadInputException(file + ": " + all.length + " bytes is not a whole number of " + RECORD
                    + "-byte CIFAR-10 records (1 label byte + 3072 pixel bytes)");
        }
        int count = all.length / RECORD;
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * PIXELS];
        for (int i = 0; i < count; i++) {
            int label = all[i * RECORD] & 0xff;
            if (label >= CLASSES.size()) {
                throw new BadInputException(file + ": record " + i + " has label " + label + "; expected 0-9");
            }
            labels[i] = (byte) label;
            System.arraycopy(all, i * RECORD + 1, pixels, i * PIXELS, PIXELS);
        }
        return new Batch(count, labels, pixels);
    }

    /** The class names in {@code batches.meta.txt} (non-blank lines); BadInputException unless there are 10. */
    public static List<String> readClassNames(Path metaFile) {
        try {
            List<String> names = Files.readAllLines(metaFile, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() != CLASSES.size()) {
                throw new BadInputException(metaFile + ": " + names.size() + " class names; expected 10");
            }
            return names;
        } catch (NoSuchFileException e) {
            throw new BadInputException(metaFile + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(metaFile + ": " + e.getMessage(), e);
        }
    }
}
