package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60,000 / 10,000 28x28 grey images of 10 kinds of clothing, from the
 * Debian package {@code dataset-fashion-mnist} (downloaded with {@code apt-get download}, never installed), whose
 * {@code usr/share/datasets/fashion-mnist/} holds the four gzipped IDX files. Installed decompressed.
 */
final class FashionMnistSource extends IdxSetSource {

    static final String PACKAGE = "dataset-fashion-mnist";
    static final String DIR_IN_PACKAGE = "usr/share/datasets/fashion-mnist/";
    static final String HINT = "To install by hand: download the Debian package " + PACKAGE
            + " (https://packages.debian.org/bookworm/" + PACKAGE + ") or the four .gz files of"
            + " https://github.com/zalandoresearch/fashion-mnist (data/fashion) into one folder, then run"
            + " `zoolab data fetch fashion-mnist --from FILE-or-FOLDER`";

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public String description() {
        return "Fashion-MNIST clothing: 60,000 train / 10,000 test, 28x28 grey (Debian " + PACKAGE + ")";
    }

    @Override
    public String howToFetch() {
        return "zoolab data fetch fashion-mnist";
    }

    @Override
    ChecksumList checksums() {
        return ChecksumList.fromResource("fashion-mnist.sha256");
    }

    @Override
    public void download(InstallContext ctx) throws IOException {
        Path deb = DebianPackage.download(PACKAGE, ctx, HINT);
        installDeb(deb, ctx);
        ctx.provenance("from the Debian package " + PACKAGE + " " + DebianPackage.version(deb) + " (apt-get download)");
    }

    @Override
    public void installFrom(Path from, InstallContext ctx) throws IOException {
        if (Files.isDirectory(from)) {
            Optional<Path> deb = DebianPackage.find(from, PACKAGE);
            if (!holdsIdxFiles(from) && deb.isPresent()) {
                installDeb(deb.get(), ctx);
                ctx.provenance("from " + deb.get() + " (--from)");
            } else {
                installFromFolder(from, ctx);
            }
        } else if (from.getFileName().toString().endsWith(".deb")) {
            installDeb(from, ctx);
            ctx.provenance("from " + from + " (--from)");
        } else {
            throw new BadInputException("fashion-mnist --from " + from + ": expected a folder with the four Fashion-MNIST"
                    + " files or the Debian package " + PACKAGE + "_*.deb");
        }
    }

    private void installDeb(Path deb, InstallContext ctx) throws IOException {
        Path unpacked = ctx.downloadDir().resolve("unpacked");
        DebianPackage.extract(deb, unpacked, entry -> {
            if (!entry.startsWith(DIR_IN_PACKAGE)) {
                return null;
            }
            String file = entry.substring(DIR_IN_PACKAGE.length());
            return file.endsWith(".gz") && FILES.contains(file.substring(0, file.length() - 3)) ? file : null;
        }, ctx);
        if (!holdsIdxFiles(unpacked)) {
            throw new BadInputException("fashion-mnist: " + deb.getFileName() + " lacks the four files under /"
                    + DIR_IN_PACKAGE + ": is it " + PACKAGE + "?");
        }
        long start = System.nanoTime();
        for (String file : FILES) {
            copyDecompressed(unpacked.resolve(file + ".gz"), ctx.contentDir().resolve(file));
        }
        ctx.progress("decompressed 4 files in " + Units.since(start));
        ctx.verify(checksums());
    }
}
