package org.zoolab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** What a {@link DatasetSource} gets while installing: its staging folders, the outside programs, a progress line sink. */
final class InstallContext {

    private final String dataset;
    private final Path contentDir;
    private final Path downloadDir;
    private final ExternalCommand commands;
    private final Consumer<String> progress;
    private final boolean allowUnverified;
    private final Map<String, String> verified = new LinkedHashMap<>();
    private String provenance = "";

    InstallContext(String dataset, Path contentDir, Path downloadDir, ExternalCommand commands,
                   Consumer<String> progress, boolean allowUnverified) {
        this.dataset = dataset;
        this.contentDir = contentDir;
        this.downloadDir = downloadDir;
        this.commands = commands;
        this.progress = progress;
        this.allowUnverified = allowUnverified;
    }

    /** The data set's name, to start messages with. */
    String dataset() {
        return dataset;
    }

    /** The folder that becomes {@code <data>/<name>} once everything is verified. */
    Path contentDir() {
        return contentDir;
    }

    /** Scratch space for downloaded archives; deleted after the install. */
    Path downloadDir() {
        return downloadDir;
    }

    ExternalCommand commands() {
        return commands;
    }

    /** Whether the user passed {@code --allow-unverified} (an archive whose checksum zoolab does not know). */
    boolean allowUnverified() {
        return allowUnverified;
    }

    /** Prints one short step line, prefixed with the data set's name. */
    void progress(String line) {
        progress.accept(dataset + ": " + line);
    }

    /** Checks the staged content against a checksum list kept in the repository (BadInputException on a mismatch). */
    void verify(ChecksumList expected) throws IOException {
        verified.putAll(expected.verify(contentDir, dataset));
        progress("verified " + expected.sums().size() + " files (SHA-256)");
    }

    /** Sums already verified, by path relative to the content folder. */
    Map<String, String> verified() {
        return verified;
    }

    /** Records where the data came from, for the installed {@code SOURCE.txt}. */
    void provenance(String text) {
        this.provenance = text;
    }

    String provenance() {
        return provenance;
    }
}
