package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveExtractorTest {

    @TempDir
    Path tmp;

    private List<Path> extract(byte[] tar, ArchiveExtractor.EntryMapper mapper) throws IOException {
        return ArchiveExtractor.extractTar(new ByteArrayInputStream(tar), "test.tar", tmp.resolve("out"), mapper);
    }

    @Test
    void extractsSelectedEntriesToMappedPaths() throws IOException {
        byte[] tar = new TarFixtures().dir("./").dir("./usr/share").file("./usr/share/a.txt", "A")
                .file("./usr/share/b.txt", "B").file("package/data/c.bin", "C").tar();
        List<Path> written = extract(tar, name -> name.equals("usr/share/a.txt") ? "x/renamed.txt"
                : name.startsWith("package/") ? name : null);
        Path out = tmp.resolve("out");
        assertThat(written).containsExactly(out.resolve("x/renamed.txt"), out.resolve("package/data/c.bin"));
        assertThat(Files.readString(out.resolve("x/renamed.txt"))).isEqualTo("A");
        assertThat(out.resolve("usr/share/b.txt")).doesNotExist();
    }

    @Test
    void refusesDotDotEntriesEvenUnselected() throws IOException {
        for (String name : List.of("../evil.txt", "a/../../evil.txt", "ok/../..")) {
            byte[] tar = new TarFixtures().file("fine.txt", "ok").file(name, "evil").tar();
            assertThatThrownBy(() -> ArchiveExtractor.extractTar(new ByteArrayInputStream(tar), "test.tar",
                    tmp.resolve("out-" + name.length()), n -> n.equals("fine.txt") ? n : null))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("test.tar: entry '" + name + "' climbs out of the target folder with '..'; refused");
        }
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void refusesAbsolutePathsAndBackslashes() throws IOException {
        byte[] absolute = new TarFixtures().file("/tmp/zoolab-evil.txt", "evil").tar();
        assertThatThrownBy(() -> extract(absolute, ArchiveExtractor.EntryMapper.all()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("test.tar: entry '/tmp/zoolab-evil.txt' has an absolute path; refused");
        byte[] windows = new TarFixtures().file("..\\evil.txt", "evil").tar();
        assertThatThrownBy(() -> extract(windows, ArchiveExtractor.EntryMapper.all()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("has a backslash");
        assertThat(Path.of("/tmp/zoolab-evil.txt")).doesNotExist();
    }

    @Test
    void refusesSymbolicAndHardLinks() throws IOException {
        byte[] symlink = new TarFixtures().link("data/passwd", "/etc/passwd", true).tar();
        assertThatThrownBy(() -> extract(symlink, ArchiveExtractor.EntryMapper.all()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("test.tar: entry 'data/passwd' is a symbolic link (to '/etc/passwd'); zoolab does not extract links");
        byte[] hardlink = new TarFixtures().file("a.txt", "A").link("b.txt", "a.txt", false).tar();
        assertThatThrownBy(() -> extract(hardlink, ArchiveExtractor.EntryMapper.all()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'b.txt' is a hard link");
        assertThat(tmp.resolve("out/data/passwd")).doesNotExist();
    }

    @Test
    void aLinkThatIsNotSelectedIsSkipped() throws IOException {
        byte[] tar = new TarFixtures().link("usr/lib/libx.so", "libx.so.1", true).file("usr/share/a.txt", "A").tar();
        assertThat(extract(tar, n -> n.startsWith("usr/share/") ? n : null)).hasSize(1);
    }

    @Test
    void refusesAMapperThatClimbsOutAndDuplicateEntries() throws IOException {
        byte[] tar = new TarFixtures().file("a.txt", "A").tar();
        assertThatThrownBy(() -> extract(tar, n -> "../outside.txt"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("climbs out");
        byte[] twice = new TarFixtures().file("a.txt", "A").file("./a.txt", "B").tar();
        assertThatThrownBy(() -> ArchiveExtractor.extractTar(new ByteArrayInputStream(twice), "test.tar",
                tmp.resolve("out2"), ArchiveExtractor.EntryMapper.all()))
                .isInstanceOf(BadInputException.class).hasMessage("test.tar: entry './a.txt' appears twice (or collides with a.txt); refused");
        assertThat(Files.readString(tmp.resolve("out2/a.txt"))).isEqualTo("A");
    }

    @Test
    void neverWritesThroughALinkAlreadyInTheTarget() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "safe");
        Files.createSymbolicLink(out.resolve("a.txt"), victim);
        byte[] tar = new TarFixtures().file("a.txt", "overwritten").tar();
        assertThatThrownBy(() -> extract(tar, ArchiveExtractor.EntryMapper.all())).isInstanceOf(BadInputException.class);
        assertThat(Files.readString(victim)).isEqualTo("safe");
    }

    @Test
    void readsGzippedArchivesByTheirMagicBytes() throws IOException {
        Path tgz = new TarFixtures().file("package/x.txt", "X").writeTarGz(tmp.resolve("pkg.tgz"));
        ArchiveExtractor.extract(tgz, tmp.resolve("gz"), ArchiveExtractor.EntryMapper.all());
        assertThat(Files.readString(tmp.resolve("gz/package/x.txt"))).isEqualTo("X");
    }
}
