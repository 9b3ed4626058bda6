package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10, binary version (Krizhevsky 2009). It cannot be downloaded from this machine's reachable registries, so it
 * is installed only from the upstream archive {@code cifar-10-binary.tar.gz} ({@code --from}), whose SHA-256 is
 * checked against the published archive's; the batch files of {@code cifar-10-batches-bin/} are installed flat into
 * {@code <data>/cifar10/}. An archive with another checksum (a subset, a re-pack) is refused unless
 * {@code --allow-unverified}, and then installed only after structural checks (whole 3,073-byte records, labels 0-9,
 * 10 class names).
 */
final class Cifar10Source implements DatasetSource {

    static final String ARCHIVE = "cifar-10-binary.tar.gz";
    static final String FOLDER_IN_ARCHIVE = "cifar-10-batches-bin/";
    static final String HOW_TO = "download " + ARCHIVE + " from https://www.cs.toronto.edu/~kriz/cifar.html and run"
            + " `zoolab data fetch cifar10 --from PATH`";

    @Override
    public String name() {
        return Cifar10Dataset.NAME;
    }

    @Override
    public String description() {
        return "CIFAR-10: 50,000 train / 10,000 test, 32x32 RGB, 10 classes (--from " + ARCHIVE + ")";
    }

    @Override
    public String howToFetch() {
        return HOW_TO;
    }

    @Override
    public void download(InstallContext ctx) {
        throw new BadInputException("CIFAR-10 cannot be downloaded here: " + HOW_TO);
    }

    static List<String> installedFiles() {
        List<String> files = new ArrayList<>(Cifar10BinaryReader.TRAIN_FILES);
        files.add(Cifar10BinaryReader.TEST_FILE);
        files.add(Cifar10BinaryReader.META_FILE);
        return files;
    }

    @Override
    public void installFrom(Path from, InstallContext ctx) throws IOException {
        Path archive = Files.isDirectory(from) ? from.resolve(ARCHIVE) : from;
        if (!Files.isRegularFile(archive)) {
            throw new BadInputException("cifar10 --from " + from + ": expected the archive " + ARCHIVE
                    + " (or a folder holding it)");
        }
        long start = System.nanoTime();
        String expected = ChecksumList.fromResource("cifar10.source.sha256").expected(ARCHIVE);
        String actual = ChecksumList.sha256(archive);
        boolean verified = actual.equals(expected);
        if (!verified && !ctx.allowUnverified()) {
            throw new BadInputException("cifar10: " + archive + " has SHA-256 " + actual.substring(0, 12) + "..., not that of"
                    + " the published " + ARCHIVE + " (" + expected.substring(0, 12) + "...): download it again, or pass"
                    + " --allow-unverified to install this archive after structural checks only");
        }
        ctx.progress(verified ? "SHA-256 of " + archive.getFileName() + " matches the published archive ("
                + Units.since(start) + ")"
                : "SHA-256 of " + archive.getFileName() + " is not the published archive's; installing it unverified"
                + " (--allow-unverified)");
        List<String> wanted = installedFiles();
        start = System.nanoTime();
        ArchiveExtractor.extract(archive, ctx.contentDir(), entry -> {
            if (!entry.startsWith(FOLDER_IN_ARCHIVE)) {
                return null;
            }
            String file = entry.substring(FOLDER_IN_ARCHIVE.length());
            return wanted.contains(file) ? file : null;
        });
        List<String> missing = wanted.stream().filter(f -> !Files.isRegularFile(ctx.contentDir().resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException("cifar10: " + archive + " lacks " + FOLDER_IN_ARCHIVE + missing
                    + ": is it the binary version (" + ARCHIVE + ")?");
        }
        int train = 0;
        for (String f : Cifar10BinaryReader.TRAIN_FILES) {
            train += checkBatch(ctx.contentDir().resolve(f), verified);
        }
        int test = checkBatch(ctx.contentDir().resolve(Cifar10BinaryReader.TEST_FILE), verified);
        Cifar10BinaryReader.readClassNames(ctx.contentDir().resolve(Cifar10BinaryReader.META_FILE));
        ctx.progress(String.format("extracted %,d train and %,d test images in %s", train, test, Units.since(start)));
        ctx.provenance("from " + archive + " (--from; " + (verified ? "SHA-256 matches the published archive"
                : "UNVERIFIED: SHA-256 " + actual + " is not the published archive's; installed with --allow-unverified") + ")");
    }

    private static int checkBatch(Path file, boolean mustBeFull) {
        int n = Cifar10BinaryReader.read(file).count();
        if (mustBeFull && n != Cifar10BinaryReader.RECORDS_PER_FILE) {
            throw new BadInputException(file.getFileName() + ": " + n + " records; expected "
                    + Cifar10BinaryReader.RECORDS_PER_FILE);
        }
        return n;
    }
}
