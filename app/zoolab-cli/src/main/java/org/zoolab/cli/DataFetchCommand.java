package org.zoolab.cli;

import org.zoolab.data.DatasetInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code zoolab data fetch NAME [--from PATH]}: installs a data set, verified, atomically, once. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Install a data set into the data directory: downloaded (mnist, fashion-mnist, photos) or from a file"
                + " you downloaded (--from; cifar10 and imagenet need it). Every file is checked by SHA-256; an install is"
                + " all or nothing; fetching an installed data set does nothing."},
        footer = {"%nExamples:", "  zoolab data fetch mnist", "  zoolab data fetch cifar10 --from ~/Downloads/cifar-10-binary.tar.gz",
                "  zoolab data fetch imagenet --from /datasets/ILSVRC2012   (records the location, copies nothing)"})
public final class DataFetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10, imagenet or photos.")
    String name;

    @Option(names = "--from", paramLabel = "PATH",
            description = "Install from this file or folder instead of downloading (the upstream archive or files).")
    Path from;

    @Option(names = "--allow-unverified",
            description = "Install a --from archive whose SHA-256 is not the published one (after structural checks).")
    boolean allowUnverified;

    @Mixin
    DataDirOption dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        new DatasetInstaller(dataDir.resolve(), line -> {
            out.println(line);
            out.flush();
        }).fetch(name, from, allowUnverified);
        return Main.EXIT_OK;
    }
}
