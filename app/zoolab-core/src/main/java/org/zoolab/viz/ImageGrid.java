package org.zoolab.viz;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A grid of images in one PNG (pipeline previews, samples of a generator). Each image is given as CHW floats
 * in pixel units (RGB or one grey channel), clamped to 0..255; tiles are separated by a 2-pixel dark gap and
 * filled row by row. The file is written to a temporary file, forced to disk and renamed into place.
 */
public final class ImageGrid {
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x202020;

    private ImageGrid() {
    }

    /** One image: {@code channels} (1 or 3) planes of {@code height x width} values. */
    public record Tile(float[] chw, int channels, int height, int width) {
        public Tile {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("a grid tile has 1 or 3 channels, not " + channels);
            }
            if (chw.length != channels * height * width) {
                throw new IllegalArgumentException("tile has " + chw.length + " values, expected " + channels + "x" + height + "x" + width);
            }
        }
    }

    /** Renders the tiles, {@code columns} per row. */
    public static BufferedImage render(List<Tile> tiles, int columns) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no images to put in a grid");
        }
        int cols = Math.max(1, Math.min(columns, tiles.size()));
        int rows = (tiles.size() + cols - 1) / cols;
        int cellH = tiles.stream().mapToInt(Tile::height).max().orElseThrow();
        int cellW = tiles.stream().mapToInt(Tile::width).max().orElseThrow();
        int w = cols * cellW + (cols + 1) * GAP;
        int h = rows * cellH + (rows + 1) * GAP;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, BACKGROUND);
            }
        }
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int ox = GAP + (i % cols) * (cellW + GAP);
            int oy = GAP + (i / cols) * (cellH + GAP);
            int plane = t.height() * t.width();
            for (int y = 0; y < t.height(); y++) {
                for (int x = 0; x < t.width(); x++) {
                    int p = y * t.width() + x;
                    int r = clamp(t.chw()[p]);
                    int g = t.channels() == 3 ? clamp(t.chw()[plane + p]) : r;
                    int b = t.channels() == 3 ? clamp(t.chw()[2 * plane + p]) : r;
                    out.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return out;
    }

    /** Renders and writes a PNG atomically; returns the path. */
    public static Path write(List<Tile> tiles, int columns, Path file) {
        BufferedImage img = render(tiles, columns);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    OutputStream os = Channels.newOutputStream(ch);
                    if (!ImageIO.write(img, "png", os)) {
                        throw new IOException("no PNG writer");
                    }
                    os.flush();
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static int clamp(float v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
}
