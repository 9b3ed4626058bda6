package org.zoolab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code zoolab data}: install and list data sets; each action is a subcommand. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Install and inspect data sets (MNIST, Fashion-MNIST, CIFAR-10, ImageNet, photos).",
        subcommands = {DataFetchCommand.class, DataListCommand.class, DataInspectCommand.class, DataMeanCommand.class,
                DataPreviewCommand.class})
public final class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
