package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fetches a Debian package file with {@code apt-get download} (no root install) and extracts chosen files from it
 * through {@code dpkg-deb --fsys-tarfile} and the safe {@link ArchiveExtractor}. If apt does not know the package
 * its lists are stale: as root zoolab runs {@code apt-get update} once and retries; otherwise it says what to run.
 */
final class DebianPackage {

    private DebianPackage() {
    }

    /** Downloads {@code pkg}'s .deb into the download folder and returns it. */
    static Path download(String pkg, InstallContext ctx, String manualHint) throws IOException {
        long start = System.nanoTime();
        ExternalCommand.Result result = aptGet(List.of("apt-get", "download", pkg), pkg, ctx, manualHint);
        if (result.exitCode() != 0 && unknownPackage(result)) {
            if (!ctx.commands().runsAsRoot()) {
                throw new BadInputException(ctx.dataset() + ": apt does not know the package " + pkg
                        + " (its package lists are stale or lack Debian main): run `sudo apt-get update` and fetch again. "
                        + manualHint);
            }
            ctx.progress("apt-get update (apt did not know " + pkg + ")");
            ExternalCommand.Result update = aptGet(List.of("apt-get", "update"), pkg, ctx, manualHint);
            if (update.exitCode() != 0) {
                throw new BadInputException(ctx.dataset() + ": `apt-get update` failed (" + aptError(update) + "). " + manualHint);
            }
            result = aptGet(List.of("apt-get", "download", pkg), pkg, ctx, manualHint);
        }
        Optional<Path> deb = find(ctx.downloadDir(), pkg);
        if (result.exitCode() != 0 || deb.isEmpty()) {
            throw new BadInputException(ctx.dataset() + ": `apt-get download " + pkg + "` failed (" + aptError(result) + "). "
                    + manualHint);
        }
        ctx.progress("apt-get download " + pkg + ": " + deb.get().getFileName() + ", " + Units.bytes(Files.size(deb.get()))
                + " in " + Units.since(start));
        return deb.get();
    }

    /** The file {@code <pkg>_*.deb} in {@code dir}, if there is exactly one. */
    static Optional<Path> find(Path dir, String pkg) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pkg + "_*.deb")) {
            s.forEach(found::add);
        }
        if (found.size() > 1) {
            throw new BadInputException(dir + " holds " + found.size() + " files " + pkg + "_*.deb: keep one");
        }
        return found.stream().findFirst();
    }

    /** The package version from a file name {@code pkg_version_arch.deb} ("1:2.3-1" with %3a decoded), or "?". */
    static String version(Path deb) {
        String[] parts = deb.getFileName().toString().split("_");
        return parts.length >= 3 ? parts[1].replace("%3a", ":") : "?";
    }

    /** Extracts the entries {@code mapper} selects from the .deb's file system tree into {@code target}. */
    static List<Path> extract(Path deb, Path target, ArchiveExtractor.EntryMapper mapper, InstallContext ctx) throws IOException {
        long start = System.nanoTime();
        List<Path> written = new ArrayList<>();
        ExternalCommand.Result result;
        try {
            result = ctx.commands().stream(List.of("dpkg-deb", "--fsys-tarfile", deb.toString()), ctx.downloadDir(),
                    out -> written.addAll(ArchiveExtractor.extractTar(out, deb.getFileName().toString(), target, mapper)));
        } catch (ExternalCommand.CannotStartException e) {
            throw new BadInputException(ctx.dataset() + ": " + e.getMessage() + "; zoolab needs Debian's dpkg-deb to unpack "
                    + deb.getFileName());
        }
        if (result.exitCode() != 0) {
            throw new BadInputException(ctx.dataset() + ": `dpkg-deb --fsys-tarfile " + deb.getFileName() + "` failed (exit "
                    + result.exitCode() + ": " + result.lastLine() + "): is it a Debian package?");
        }
        ctx.progress("extracted " + written.size() + " files from " + deb.getFileName() + " in " + Units.since(start));
        return written;
    }

    private static ExternalCommand.Result aptGet(List<String> command, String pkg, InstallContext ctx, String manualHint)
            throws IOException {
        try {
            return ctx.commands().run(command, ctx.downloadDir());
        } catch (ExternalCommand.CannotStartException e) {
            throw new BadInputException(ctx.dataset() + ": apt-get could not be run (" + e.getMessage() + "), so the Debian package "
                    + pkg + " cannot be downloaded here. " + manualHint);
        }
    }

    private static boolean unknownPackage(ExternalCommand.Result r) {
        String out = r.output();
        return out.contains("Unable to locate package") || out.contains("has no installation candidate")
                || out.contains("Can't select candidate version") || out.contains("Can't select versions");
    }

    private static String aptError(ExternalCommand.Result r) {
        return "exit " + r.exitCode() + r.output().lines().map(String::strip).filter(l -> l.startsWith("E:"))
                .findFirst().map(l -> ": " + l).orElse(r.lastLine().isEmpty() ? "" : ": " + r.lastLine());
    }
}
