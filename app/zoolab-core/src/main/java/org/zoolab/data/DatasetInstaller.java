package org.zoolab.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Installs data sets into a {@link DataDirectory}: {@code zoolab data fetch NAME [--from PATH]}.
 *
 * <p>An install is atomic: the data set is staged in {@code <data>/.staging-<name>-<random>/}, checked (SHA-256 against
 * the sums kept in the repository), written to disk ({@code fsync}) and only then renamed to {@code <data>/<name>}
 * in one {@code rename(2)}. A data set is installed exactly when {@code <data>/<name>/SHA256SUMS} exists, which the
 * rename makes true in one step. A failed fetch deletes its staging folder; one killed outright leaves it behind, and
 * the next fetch into the same directory deletes it. Fetches into one directory are serialised by a lock on
 * {@code <data>/.fetch.lock}. A second fetch of an installed data set does nothing.
 */
public final class DatasetInstaller {

    /** The file that marks an installed data set and lists its files' SHA-256. */
    public static final String SUMS_FILE = "SHA256SUMS";
    /** Where an installed data set came from (human-readable). */
    public static final String SOURCE_FILE = "SOURCE.txt";
    static final String STAGING_PREFIX = ".staging-";
    static final String LOCK_FILE = ".fetch.lock";

    private static final Logger log = LoggerFactory.getLogger(DatasetInstaller.class);

    private final DataDirectory dir;
    private final DatasetCatalog catalog;
    private final ExternalCommand commands;
    private final Consumer<String> progress;

    /** An installer for the standard data sets, running the real {@code npm}/{@code apt-get}/{@code dpkg-deb}. */
    public DatasetInstaller(DataDirectory dir, Consumer<String> progress) {
        this(dir, DatasetCatalog.standard(), ExternalCommand.system(), progress);
    }

    /** An installer running outside programs through {@code commands} (tests pass a stand-in). */
    public DatasetInstaller(DataDirectory dir, ExternalCommand commands, Consumer<String> progress) {
        this(dir, DatasetCatalog.standard(), commands, progress);
    }

    DatasetInstaller(DataDirectory dir, DatasetCatalog catalog, ExternalCommand commands, Consumer<String> progress) {
        this.dir = dir;
        this.catalog = catalog;
        this.commands = commands;
        this.progress = progress;
    }

    /** The names of the data sets this installer knows, in listing order. */
    public List<String> names() {
        return catalog.names();
    }

    /** Whether {@code name} is installed in {@code dir} (its {@code SHA256SUMS} marker exists). */
    public static boolean isInstalled(DataDirectory dir, String name) {
        return Files.isRegularFile(dir.datasetDir(name).resolve(SUMS_FILE), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Installs {@code name}, from its upstream source or, if {@code fromOrNull} is given, from a file or folder
     * the user downloaded. Does nothing if it is already installed.
     *
     * @param allowUnverified install a {@code --from} archive whose SHA-256 zoolab does not know (after structural checks)
     * @throws BadInputException for an unknown name, an unreachable source (saying what to get), a checksum failure
     */
    public InstallResult fetch(String name, Path fromOrNull, boolean allowUnverified) throws IOException {
        DatasetSource source = catalog.get(name);
        Instant start = Instant.now();
        Path root = dir.root();
        Path target = dir.datasetDir(name);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new BadInputException("data directory " + root + " cannot be created (" + e.getMessage()
                    + "): pass --data-dir or set " + DataDirectory.ENV + " to a writable folder");
        }
        try (FileChannel lockChannel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockChannel, root)) {
            removeStaleStaging(root);
            if (isInstalled(dir, name)) {
                progress.accept(name + ": already installed at " + target + " (delete that folder to reinstall)");
                long[] size = sizeOf(target);
                return new InstallResult(name, target, true, size[0], (int) size[1], Duration.between(start, Instant.now()));
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadInputException(target + " exists but was not installed by zoolab (it has no " + SUMS_FILE
                        + "): move it away or delete it, then fetch again");
            }
            Path staging = Files.createTempDirectory(root, STAGING_PREFIX + name + "-");
            try {
                Path content = Files.createDirectory(staging.resolve(name));
                Path downloads = Files.createDirectory(staging.resolve("download"));
                InstallContext ctx = new InstallContext(name, content, downloads, commands, progress, allowUnverified);
                if (fromOrNull == null) {
                    source.download(ctx);
                } else {
                    Path from = fromOrNull.toAbsolutePath().normalize();
                    if (!Files.exists(from)) {
                        throw new BadInputException("--from " + fromOrNull + ": no such file or folder");
                    }
                    source.installFrom(from, ctx);
                }
                long[] size = seal(ctx, content);
                Files.move(content, target, StandardCopyOption.ATOMIC_MOVE);
                fsyncDirectory(root);
                Duration took = Duration.between(start, Instant.now());
                progress.accept(String.format("%s: installed at %s (%s, %d files) in %s", name, target,
                        Units.bytes(size[0]), size[1], Units.seconds(took)));
                return new InstallResult(name, target, false, size[0], (int) size[1], took);
            } finally {
                deleteTree(staging);
            }
        }
    }

    /** The status of every known data set. */
    public List<DatasetStatus> list() throws IOException {
        List<DatasetStatus> out = new ArrayList<>();
        for (DatasetSource source : catalog.sources()) {
            Path location = dir.datasetDir(source.name());
            if (isInstalled(dir, source.name())) {
                long[] size = sizeOf(location);
                out.add(new DatasetStatus(source.name(), source.description(), true, source.location(location), size[0],
                        (int) size[1], ""));
            } else {
                out.add(new DatasetStatus(source.name(), source.description(), false, location, -1, -1, source.howToFetch()));
            }
        }
        return out;
    }

    /** Writes SHA256SUMS (every data file) and SOURCE.txt, refuses links, fsyncs everything; returns {bytes, files}. */
    private long[] seal(InstallContext ctx, Path content) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        long bytes = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(content)) {
            files = walk.filter(p -> !p.equals(content)).sorted().toList();
        }
        for (Path p : files) {
            if (Files.isSymbolicLink(p)) {
                throw new IllegalStateException(ctx.dataset() + ": staged content has a link " + p + "; refused");
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String rel = content.relativize(p).toString().replace('\\', '/');
            String known = ctx.verified().get(rel);
            sums.put(rel, known != null ? known : ChecksumList.sha256(p));
            bytes += Files.size(p);
            fsync(p);
        }
        if (sums.isEmpty()) {
            throw new IllegalStateException(ctx.dataset() + ": the source installed no files");
        }
        writeSynced(content.resolve(SOURCE_FILE), ctx.dataset() + " installed by zoolab on "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n" + ctx.provenance().strip() + "\n"
                + "verified against checksums kept in the zoolab repository: " + ctx.verified().size() + " of "
                + sums.size() + " files\n");
        writeSynced(content.resolve(SUMS_FILE), new ChecksumList(SUMS_FILE, sums).format());
        fsyncDirectory(content);
        return new long[]{bytes, sums.size()};
    }

    private static FileLock tryLock(FileChannel channel, Path root) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new BadInputException("another zoolab data fetch is running in " + root + ": wait for it to finish");
        }
        return lock;
    }

    /** Deletes the staging folders of fetches that were killed; call only while holding the lock. */
    private void removeStaleStaging(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, STAGING_PREFIX + "*")) {
            for (Path stale : entries) {
                log.info("removing {} left by an interrupted fetch", stale);
                progress.accept("removing " + stale.getFileName() + " left by an interrupted fetch");
                deleteTree(stale);
            }
        }
    }

    /** {total bytes, number of data files} of an installed data set (its SHA256SUMS and SOURCE.txt excluded). */
    static long[] sizeOf(Path datasetDir) throws IOException {
        long bytes = 0;
        long files = 0;
        try (Stream<Path> walk = Files.walk(datasetDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !(p.getParent().equals(datasetDir)
                        && (p.getFileName().toString().equals(SUMS_FILE) || p.getFileName().toString().equals(SOURCE_FILE)))) {
                    bytes += Files.size(p);
                    files++;
                }
            }
        }
        return new long[]{bytes, files};
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void writeSynced(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fsync(file);
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void fsyncDirectory(Path directory) {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync directory {} on this platform: {}", directory, e.toString());
        }
    }
}
