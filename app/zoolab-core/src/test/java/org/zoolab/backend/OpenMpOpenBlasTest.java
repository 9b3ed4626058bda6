package org.zoolab.backend;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OpenMpOpenBlasTest {
    private static final Path DIR = Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp");

    @Test
    void javaCppIsToldToLoadTheSystemLibraryFromItsDirectoryFirst() {
        assertThat(OpenMpOpenBlas.propertiesFor(DIR, "/usr/java/packages/lib:/usr/lib64"))
                .containsEntry("org.bytedeco.openblas.load", "openblas")
                .containsEntry("org.bytedeco.javacpp.pathsFirst", "true")
                .containsEntry("java.library.path", DIR + ":/usr/java/packages/lib:/usr/lib64");
    }

    @Test
    void theDirectoryIsNotAddedTwiceNorToAnEmptyPathWithASeparator() {
        assertThat(OpenMpOpenBlas.propertiesFor(DIR, "/a:" + DIR)).containsEntry("java.library.path", "/a:" + DIR);
        assertThat(OpenMpOpenBlas.propertiesFor(DIR, "")).containsEntry("java.library.path", DIR.toString());
        assertThat(OpenMpOpenBlas.propertiesFor(DIR, null)).containsEntry("java.library.path", DIR.toString());
    }

    @Test
    void theReportNamesTheOpenBlasFilesThisProcessLoaded() {
        assertThat(SystemReport.collect().get("OpenBLAS")).contains("loaded: /").contains("libopenblas");
        assertThat(OpenMpOpenBlas.loadedLibraries()).allSatisfy(f -> assertThat(f).contains("libopenblas"));
    }
}
