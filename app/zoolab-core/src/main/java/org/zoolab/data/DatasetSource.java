package org.zoolab.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where one data set comes from and how its files are laid out once installed. A source writes the data set into
 * {@link InstallContext#contentDir()} and checks it ({@link InstallContext#verify}); the {@link DatasetInstaller}
 * owns staging, the atomic rename and clean-up.
 */
interface DatasetSource {

    /** The name used on the command line and as the folder name: "mnist". */
    String name();

    /** One line for {@code zoolab data list}. */
    String description();

    /** One line saying how to install it: the command, and what to download first if zoolab cannot. */
    String howToFetch();

    /** Downloads and installs the data set; a BadInputException says what to get and where to put it if it cannot. */
    void download(InstallContext ctx) throws IOException;

    /** Installs from a file or folder the user downloaded ({@code --from}). */
    void installFrom(Path from, InstallContext ctx) throws IOException;

    /** Where the installed data is, for listings: the data set's folder, unless the source records another place. */
    default Path location(Path datasetDir) throws IOException {
        return datasetDir;
    }
}
