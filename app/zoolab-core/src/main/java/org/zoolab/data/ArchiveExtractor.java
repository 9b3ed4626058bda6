package org.zoolab.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.zoolab.BadInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Safe extraction of tar and tar.gz archives (npm tarballs, {@code dpkg-deb --fsys-tarfile} output,
 * {@code cifar-10-binary.tar.gz}). Refuses, for the whole archive, any entry whose name is absolute or has a
 * {@code ..} part or a backslash (the "zip-slip" family), and refuses to extract links, devices and pipes. Files are
 * created new ({@code O_EXCL}, so never written through an existing link) and must land inside the target folder.
 */
public final class ArchiveExtractor {

    /** Where an archive entry goes: a relative path under the target folder, or null to skip the entry. */
    @FunctionalInterface
    public interface EntryMapper {
        String targetFor(String entryName);

        /** Every entry, to the same relative path. */
        static EntryMapper all() {
            return name -> name;
        }
    }

    private ArchiveExtractor() {
    }

    /** Extracts a {@code .tar} or {@code .tar.gz}/{@code .tgz} file (gzip recognised by its magic bytes). */
    public static List<Path> extract(Path archive, Path targetDir, EntryMapper mapper) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            return extractTar(maybeGunzip(raw), archive.getFileName().toString(), targetDir, mapper);
        }
    }

    /** Wraps {@code in} in a gzip decoder if it starts with the gzip magic bytes; {@code in} must support mark. */
    static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GzipCompressorInputStream(in, true) : in;
    }

    /**
     * Extracts the entries of a tar stream that {@code mapper} selects.
     *
     * @param archiveName the archive's name, for messages
     * @return the files written, in archive order
     * @throws BadInputException for an unsafe entry name, a selected link or special file, or an entry that appears twice
     */
    public static List<Path> extractTar(InputStream in, String archiveName, Path targetDir, EntryMapper mapper) throws IOException {
        Path root = targetDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry entry; (entry = tar.getNextTarEntry()) != null; ) {
            String name = checkedName(entry.getName(), archiveName);
            if (name.isEmpty()) {
                continue;                                    // "./" itself
            }
            String target = mapper.targetFor(name);
            if (target == null) {
                continue;
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new BadInputException(archiveName + ": entry '" + entry.getName() + "' is a "
                        + (entry.isSymbolicLink() ? "symbolic" : "hard") + " link (to '" + entry.getLinkName()
                        + "'); zoolab does not extract links");
            }
            if (!entry.isDirectory() && !entry.isFile()) {
                throw new BadInputException(archiveName + ": entry '" + entry.getName()
                        + "' is a device or pipe, not a file; refused");
            }
            Path dest = root.resolve(checkedName(target, archiveName + " (target of '" + name + "')")).normalize();
            if (!dest.startsWith(root) || dest.equals(root)) {
                throw new BadInputException(archiveName + ": entry '" + entry.getName() + "' would land outside "
                        + root + "; refused");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(dest);
                continue;
            }
            Files.createDirectories(dest.getParent());
            try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                tar.transferTo(out);
            } catch (FileAlreadyExistsException e) {
                throw new BadInputException(archiveName + ": entry '" + entry.getName() + "' appears twice (or collides with "
                        + root.relativize(dest) + "); refused");
            }
            written.add(dest);
        }
        return written;
    }

    /** The entry name without leading "./", or a BadInputException if it is absolute or climbs out with "..". */
    static String checkedName(String rawName, String archiveName) {
        String name = rawName;
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new BadInputException(archiveName + ": entry '" + rawName + "' has a backslash or NUL in its name; refused");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new BadInputException(archiveName + ": entry '" + rawName + "' has an absolute path; refused");
        }
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.equals(".")) {
            return "";
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new BadInputException(archiveName + ": entry '" + rawName
                        + "' climbs out of the target folder with '..'; refused");
            }
        }
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
