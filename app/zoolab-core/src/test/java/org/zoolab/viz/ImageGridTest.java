package org.zoolab.viz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageGridTest {
    @TempDir
    Path dir;

    @Test
    void tilesLandInRowsWithTheirColoursAndOrientation() throws Exception {
        // tile 0: 2x3 RGB, top-left red, top-right green; tile 1: grey 100; tile 2: values clamped
        float[] rgb = new float[3 * 2 * 3];
        rgb[0] = 255;             // R at (0,0)
        rgb[6 + 2] = 255;         // G at (0,2)
        ImageGrid.Tile t0 = new ImageGrid.Tile(rgb, 3, 2, 3);
        ImageGrid.Tile t1 = new ImageGrid.Tile(new float[]{100, 100, 100, 100, 100, 100}, 1, 2, 3);
        ImageGrid.Tile t2 = new ImageGrid.Tile(new float[]{-50, 300, 0, 0, 0, 0}, 1, 2, 3);
        Path file = ImageGrid.write(List.of(t0, t1, t2), 2, dir.resolve("grid.png"));
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo(2 * 3 + 3 * 2);
        assertThat(img.getHeight()).isEqualTo(2 * 2 + 3 * 2);
        assertThat(img.getRGB(2, 2) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(4, 2) & 0xffffff).isEqualTo(0x00ff00);
        assertThat(img.getRGB(7, 3) & 0xffffff).isEqualTo(0x646464);
        assertThat(img.getRGB(2, 6) & 0xffffff).isEqualTo(0x000000);
        assertThat(img.getRGB(3, 6) & 0xffffff).isEqualTo(0xffffff);
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0x202020);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("grid.png");
        }
    }
}
