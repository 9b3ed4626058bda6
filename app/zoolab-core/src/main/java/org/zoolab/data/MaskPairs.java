package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Image/mask pairs in a folder, named {@code NAME.jpg} (or .png) and {@code NAME_mask.png}, the layout of the
 * segmented scene-text samples that Debian's {@code opencv-doc} ships
 * ({@code /usr/share/doc/opencv-doc/examples/text/scenetext_segmented_word0[1-5].jpg} with {@code ..._mask.png},
 * 640x480, masks 0 = background, 255 = text). A mask pixel counts as foreground when its grey value is at least 128.
 */
public final class MaskPairs {
    /** One pair. */
    public record Pair(String name, Path image, Path mask) {
    }

    private MaskPairs() {
    }

    /** The pairs in {@code dir}, sorted by name; a mask without its image is an error naming both. */
    public static List<Pair> list(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadInputException(dir + ": no such folder of image/mask pairs");
        List<Pair> pairs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path m : s.filter(p -> p.getFileName().toString().endsWith("_mask.png")).sorted().toList()) {
                String name = m.getFileName().toString().replaceFirst("_mask\\.png$", "");
                Path image = null;
                for (String ext : List.of(".jpg", ".jpeg", ".png")) {
                    if (Files.isRegularFile(dir.resolve(name + ext))) {
                        image = dir.resolve(name + ext);
                        break;
                    }
                }
                if (image == null) throw new BadInputException(m + " has no image " + name + ".jpg or " + name + ".png beside it");
                pairs.add(new Pair(name, image, m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (pairs.isEmpty()) throw new BadInputException(dir + ": no NAME_mask.png files (image/mask pairs)");
        return pairs;
    }
}
