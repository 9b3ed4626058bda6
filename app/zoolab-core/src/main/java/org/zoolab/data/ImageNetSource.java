package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * ImageNet (ILSVRC-2012) cannot be downloaded here, and copying its ~150 GB would be silly, so
 * {@code zoolab data fetch imagenet --from DIR} checks an ImageNet-layout folder ({@code DIR/train/<wnid>/*.JPEG},
 * optionally {@code DIR/val/<wnid>/*.JPEG}, wnid like {@code n01440764}) and records where it is:
 * {@code <data>/imagenet/location.txt} holds the folder's absolute path and {@code synsets.txt} the training
 * synsets in sorted order (line {@code i} is class {@code i}). Nothing is copied; {@link #root} finds the folder.
 */
public final class ImageNetSource implements DatasetSource {

    public static final String NAME = "imagenet";
    static final String LOCATION_FILE = "location.txt";
    static final String SYNSETS_FILE = "synsets.txt";
    static final String HOW_TO = "get ILSVRC-2012 (https://image-net.org/download-images) arranged as train/<wnid>/*.JPEG"
            + " and val/<wnid>/*.JPEG, then run `zoolab data fetch imagenet --from DIR` (the location is recorded;"
            + " nothing is copied)";
    private static final Pattern WNID = Pattern.compile("n\\d{8}");

    ImageNetSource() {
    }

    /**
     * The ImageNet-layout folder recorded by {@code zoolab data fetch imagenet --from DIR}.
     *
     * @throws BadInputException if imagenet is not installed or its folder is gone
     */
    public static Path root(DataDirectory dir) {
        if (!DatasetInstaller.isInstalled(dir, NAME)) {
            throw new BadInputException(NAME + " is not installed in " + dir.root() + ": " + HOW_TO);
        }
        Path locationFile = dir.datasetDir(NAME).resolve(LOCATION_FILE);
        try {
            Path root = Path.of(Files.readString(locationFile, StandardCharsets.UTF_8).strip());
            if (!Files.isDirectory(root.resolve("train"))) {
                throw new BadInputException(NAME + " was installed from " + root + ", which has no train/ any more: delete "
                        + dir.datasetDir(NAME) + " and run `zoolab data fetch imagenet --from NEW-DIR`");
            }
            return root;
        } catch (IOException e) {
            throw new BadInputException(locationFile + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The class synsets, index = class: the sorted wnids of {@code train/}, as recorded at install. */
    public static List<String> synsets(DataDirectory dir) {
        root(dir);
        try {
            return Files.readAllLines(dir.datasetDir(NAME).resolve(SYNSETS_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(dir.datasetDir(NAME).resolve(SYNSETS_FILE) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public Path location(Path datasetDir) throws IOException {
        return Path.of(Files.readString(datasetDir.resolve(LOCATION_FILE), StandardCharsets.UTF_8).strip());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ImageNet ILSVRC-2012 folder, recorded in place (--from DIR with train/<wnid>/, val/<wnid>/)";
    }

    @Override
    public String howToFetch() {
        return HOW_TO;
    }

    @Override
    public void download(InstallContext ctx) {
        throw new BadInputException("ImageNet cannot be downloaded here: " + HOW_TO);
    }

    @Override
    public void installFrom(Path from, InstallContext ctx) throws IOException {
        long start = System.nanoTime();
        Path root = from.toRealPath();
        if (!Files.isDirectory(root.resolve("train"))) {
            throw new BadInputException("imagenet --from " + from + ": expected an ImageNet-layout folder with train/<wnid>/*.JPEG"
                    + " (and val/<wnid>/*.JPEG); it has no train/");
        }
        TreeMap<String, Integer> train = countClasses(root.resolve("train"));
        TreeMap<String, Integer> val = Files.isDirectory(root.resolve("val")) ? countClasses(root.resolve("val")) : new TreeMap<>();
        List<String> unknownVal = val.keySet().stream().filter(w -> !train.containsKey(w)).toList();
        if (!unknownVal.isEmpty()) {
            throw new BadInputException("imagenet --from " + from + ": val/ has classes that train/ lacks: "
                    + unknownVal.subList(0, Math.min(5, unknownVal.size())));
        }
        int trainImages = train.values().stream().mapToInt(Integer::intValue).sum();
        int valImages = val.values().stream().mapToInt(Integer::intValue).sum();
        ctx.progress(String.format(Locale.ROOT, "%s: %d classes, %,d train images, %,d val images%s (%s)", root, train.size(),
                trainImages, valImages, train.size() == 1000 ? "" : " (ILSVRC-2012 has 1000 classes)", Units.since(start)));
        Files.writeString(ctx.contentDir().resolve(LOCATION_FILE), root + "\n", StandardCharsets.UTF_8);
        Files.writeString(ctx.contentDir().resolve(SYNSETS_FILE), String.join("\n", train.keySet()) + "\n", StandardCharsets.UTF_8);
        ctx.provenance("location recorded (not copied): " + root + "; " + train.size() + " classes, " + trainImages
                + " train and " + valImages + " val images at install time");
    }

    /** wnid folder to number of image files; BadInputException for a stray folder name or an empty class. */
    private static TreeMap<String, Integer> countClasses(Path split) throws IOException {
        TreeMap<String, Integer> counts = new TreeMap<>();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(split, Files::isDirectory)) {
            s.forEach(dirs::add);
        }
        for (Path d : dirs) {
            String wnid = d.getFileName().toString();
            if (!WNID.matcher(wnid).matches()) {
                throw new BadInputException(d + ": expected class folders named by WordNet id (like n01440764)");
            }
            int n = 0;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.{JPEG,jpeg,jpg,JPG,png,PNG}")) {
                for (Path ignored : s) {
                    n++;
                }
            }
            if (n == 0) {
                throw new BadInputException(d + ": no images (*.JPEG)");
            }
            counts.put(wnid, n);
        }
        if (counts.isEmpty()) {
            throw new BadInputException(split + ": no class folders (expected " + split.getFileName() + "/<wnid>/*.JPEG)");
        }
        return counts;
    }
}
