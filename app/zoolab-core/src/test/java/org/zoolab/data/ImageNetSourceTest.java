package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ImageNet --from an ImageNet-layout folder: checked, its location recorded, nothing copied. */
class ImageNetSourceTest {

    @TempDir
    Path tmp;

    private Path layout() throws IOException {
        Path root = tmp.resolve("ILSVRC2012");
        for (String wnid : List.of("n01443537", "n01440764", "n01484850")) {
            Path train = Files.createDirectories(root.resolve("train").resolve(wnid));
            for (int i = 0; i < 3; i++) {
                Files.write(train.resolve(wnid + "_" + i + ".JPEG"), new byte[]{(byte) 0xff, (byte) 0xd8});
            }
            Path val = Files.createDirectories(root.resolve("val").resolve(wnid));
            Files.write(val.resolve("ILSVRC2012_val_0000000" + wnid.charAt(8) + ".JPEG"), new byte[]{(byte) 0xff, (byte) 0xd8});
        }
        return root;
    }

    @Test
    void recordsTheLocationAndTheSortedSynsets() throws IOException {
        Path root = layout();
        DataDirectory dir = DataDirectory.resolve(tmp.resolve("data"));
        List<String> lines = new ArrayList<>();
        InstallResult r = new DatasetInstaller(dir, new FakeCommands(), lines::add).fetch("imagenet", root, false);
        assertThat(r.files()).isEqualTo(2);
        assertThat(lines.get(0)).startsWith("imagenet: " + root.toRealPath() + ": 3 classes, 9 train images, 3 val images"
                + " (ILSVRC-2012 has 1000 classes)");
        assertThat(ImageNetSource.root(dir)).isEqualTo(root.toRealPath());
        assertThat(ImageNetSource.synsets(dir)).containsExactly("n01440764", "n01443537", "n01484850");
        assertThat(new DatasetInstaller(dir, new FakeCommands(), l -> { }).list())
                .filteredOn(s -> s.name().equals("imagenet")).singleElement()
                .satisfies(s -> assertThat(s.location()).isEqualTo(root.toRealPath()));
    }

    @Test
    void aFolderWithoutTrainOrWithStrayFoldersIsRefused() throws IOException {
        DataDirectory dir = DataDirectory.resolve(tmp.resolve("data"));
        DatasetInstaller installer = new DatasetInstaller(dir, new FakeCommands(), l -> { });
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> installer.fetch("imagenet", empty, false))
                .isInstanceOf(BadInputException.class).hasMessageContaining("it has no train/");
        Path root = layout();
        Files.createDirectories(root.resolve("train/cats"));
        assertThatThrownBy(() -> installer.fetch("imagenet", root, false))
                .isInstanceOf(BadInputException.class)
                .hasMessage(root.toRealPath().resolve("train/cats") + ": expected class folders named by WordNet id (like n01440764)");
        assertThat(TestData.entries(dir.root())).containsExactly(".fetch.lock");
        assertThatThrownBy(() -> ImageNetSource.root(dir)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("imagenet is not installed in ");
    }
}
