package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What MNIST and Fashion-MNIST share: installed as the four raw IDX files ({@link #FILES}), checked after
 * decompression, so that any packaging of the same data (npm, Debian, the upstream .gz files) installs the same bytes.
 */
abstract class IdxSetSource implements DatasetSource {

    /** The installed files. */
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** The sums of the four installed files. */
    abstract ChecksumList checksums();

    /**
     * Installs from a folder holding the four files, each raw or gzipped, named as upstream
     * ({@code train-images-idx3-ubyte[.gz]}) or with a dot ({@code train-images.idx3-ubyte}).
     */
    void installFromFolder(Path folder, InstallContext ctx) throws IOException {
        long start = System.nanoTime();
        List<Path> found = new ArrayList<>();
        for (String file : FILES) {
            Path source = findIn(folder, file);
            if (source == null) {
                throw new BadInputException(ctx.dataset() + ": " + folder + " has no " + file + " (nor " + file
                        + ".gz): expected the four files " + String.join(", ", FILES) + ", raw or .gz");
            }
            found.add(source);
        }
        int gunzipped = 0;
        for (int i = 0; i < FILES.size(); i++) {
            gunzipped += copyDecompressed(found.get(i), ctx.contentDir().resolve(FILES.get(i))) ? 1 : 0;
        }
        ctx.progress("copied 4 files from " + folder + (gunzipped > 0 ? " (" + gunzipped + " decompressed)" : "")
                + " in " + Units.since(start));
        ctx.verify(checksums());
        ctx.provenance("from the files in " + folder + " (--from)");
    }

    /** Whether a folder holds the four files (raw or .gz). */
    static boolean holdsIdxFiles(Path folder) {
        return FILES.stream().allMatch(f -> findIn(folder, f) != null);
    }

    private static Path findIn(Path folder, String file) {
        String dotted = file.replace("-idx", ".idx");
        for (String name : List.of(file, file + ".gz", dotted, dotted + ".gz")) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Copies {@code from} to the new file {@code to}, gunzipping it if it is gzipped; true if it was. */
    static boolean copyDecompressed(Path from, Path to) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(from), 1 << 16)) {
            InputStream in = ArchiveExtractor.maybeGunzip(raw);
            try (var out = Files.newOutputStream(to, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                throw new BadInputException(from + ": broken gzip data (" + e.getMessage() + ")");
            }
            return in != raw;
        }
    }
}
