package org.zoolab.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installed photos layout (the real fetch, ~120 MB of Debian packages and about 12 s, runs once per data
 * directory; see {@link TestData}).
 */
class PhotosTest {

    static Path photos;

    @BeforeAll
    static void install() {
        photos = TestData.with("photos").datasetDir("photos");
    }

    @Test
    void classFoldersHoldTheListedPhotos() throws IOException {
        assertThat(TestData.entries(photos)).containsExactly("SHA256SUMS", "SOURCE.txt", "SOURCES.txt", "aerial", "bird",
                "building", "butterfly", "car", "cat", "coffee", "dog", "flower", "fruit", "giraffe", "horse",
                "imagenet_classes.txt", "imagenet_synsets.txt", "landscape", "monkey", "motorcycle", "person",
                "potted_plant", "rocket", "space", "squirrel", "street_sign", "texture");
        assertThat(TestData.entries(photos.resolve("cat"))).containsExactly("chelsea.png");
        assertThat(TestData.entries(photos.resolve("dog"))).containsExactly("dog_with_bicycle.jpg", "pekingese.png");
        assertThat(TestData.entries(photos.resolve("building"))).hasSize(7);
        assertThat(PhotosSource.PHOTOS).hasSize(45);
        assertThat(ChecksumList.read(photos.resolve("SHA256SUMS")).verify(photos, "photos")).hasSize(48);
    }

    @Test
    void everyPhotoDecodesAtItsKnownSize() throws IOException {
        for (PhotosSource.Photo p : PhotosSource.PHOTOS) {
            BufferedImage img = ImageIO.read(photos.resolve(p.target()).toFile());
            assertThat(img).as(p.target()).isNotNull();
            assertThat(img.getWidth()).as(p.target()).isGreaterThanOrEqualTo(256);
            assertThat(img.getRaster().getNumBands() == 1).as(p.target() + " is grey").isEqualTo(p.target().contains("_gray"));
        }
        BufferedImage cat = ImageIO.read(photos.resolve("cat/chelsea.png").toFile());
        assertThat(cat.getWidth()).isEqualTo(451);
        assertThat(cat.getHeight()).isEqualTo(300);
    }

    @Test
    void imagenetClassListsHave1000MatchingLines() throws IOException {
        List<String> classes = Files.readAllLines(photos.resolve("imagenet_classes.txt"), StandardCharsets.UTF_8);
        List<String> synsets = Files.readAllLines(photos.resolve("imagenet_synsets.txt"), StandardCharsets.UTF_8);
        assertThat(classes).hasSize(1000);
        assertThat(synsets).hasSize(1000).doesNotHaveDuplicates().isSorted();
        assertThat(classes.get(0)).isEqualTo("tench, Tinca tinca");
        assertThat(synsets.get(0)).isEqualTo("n01440764");
        assertThat(classes.get(281)).isEqualTo("tabby, tabby cat");
        assertThat(classes.get(999)).isEqualTo("toilet tissue, toilet paper, bathroom tissue");
        assertThat(synsets.get(999)).isEqualTo("n15075141");
    }
}
