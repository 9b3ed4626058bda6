package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A tree of class folders, the ImageNet layout: {@code ROOT/<class>/<image files>} (files may sit in
 * sub-folders of a class folder). Class indices are the folder names in sorted order, fixed when the tree is
 * scanned, so a bad or missing file never shifts a label; an empty class folder keeps its index and is
 * reported. Where a synset mapping file is present ({@code synset_words.txt}, {@code LOC_synset_mapping.txt}
 * or {@code words.txt} in ROOT or its parent, lines "n01440764 tench, Tinca tinca"), class names are the
 * mapped names. Files starting with a dot and files whose extension is not an image format are ignored.
 * <p>
 * Checked while scanning (cheap, from the directory listing): empty files and unreadable files are reported
 * and left out; everything else is found when the file is decoded.
 */
public final class ClassFolderReader implements ImageSource {
    /** Extensions of files taken as images (lower case). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "png", "bmp", "gif", "tif", "tiff");
    private static final List<String> MAPPING_FILES = List.of("synset_words.txt", "LOC_synset_mapping.txt", "words.txt");

    private final Path root;
    private final ImageDecoder decoder;
    private final List<String> classIds;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final int ignored;
    private final String fingerprint;

    private ClassFolderReader(Path root, ImageDecoder decoder, List<String> classIds, List<String> classNames,
                              List<Path> files, int[] labels, int ignored, String fingerprint) {
        this.root = root;
        this.decoder = decoder;
        this.classIds = classIds;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.ignored = ignored;
        this.fingerprint = fingerprint;
    }

    /**
     * Scans a class-folder tree. Empty and unreadable files and empty class folders go to the report (which
     * throws at the first one in strict mode).
     */
    public static ClassFolderReader open(Path root, ImageDecoder decoder, BadFileReport report) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": " + (Files.exists(root) ? "not a directory" : "no such directory")
                    + " (expected a tree of class folders: " + root + "/<class>/<image files>)");
        }
        Path absRoot = root.toAbsolutePath().normalize();
        List<Path> classDirs;
        try (Stream<Path> list = Files.list(absRoot)) {
            classDirs = list.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(root + ": cannot list (" + e.getMessage() + ")");
        }
        if (classDirs.isEmpty()) {
            throw new BadInputException(root + ": no class folders (expected " + root + "/<class>/<image files>)");
        }
        Map<String, String> mapping = readMapping(absRoot);
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int ignored = 0;
        MessageDigest md = sha256();
        for (int label = 0; label < classDirs.size(); label++) {
            Path dir = classDirs.get(label);
            String id = dir.getFileName().toString();
            ids.add(id);
            names.add(mapping.getOrDefault(id, id));
            List<Path> inClass;
            try (Stream<Path> walk = Files.walk(dir)) {
                inClass = walk.filter(p -> !p.equals(dir)).filter(p -> !hiddenBelow(dir, p))
                        .filter(p -> !Files.isDirectory(p)).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                throw new BadInputException(dir + ": cannot list (" + e.getMessage() + ")");
            }
            int usable = 0;
            for (Path f : inClass) {
                if (!IMAGE_EXTENSIONS.contains(extension(f))) {
                    ignored++;
                    continue;
                }
                String problem = scanProblem(f);
                if (problem != null) {
                    report.skipped(f.toString(), problem);
                    continue;
                }
                files.add(f);
                labels.add(label);
                usable++;
                long size = size(f);
                md.update((absRoot.relativize(f) + "\t" + size + "\t" + label + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (usable == 0) {
                report.skipped(dir.toString(), "empty class folder (no usable image files; label " + label + " '" + id + "' kept)");
            }
        }
        md.update(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
        String fp = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        return new ClassFolderReader(absRoot, decoder, List.copyOf(ids), List.copyOf(names), List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray(), ignored, fp);
    }

    private static String scanProblem(Path f) {
        if (!Files.exists(f)) {
            return "unreadable file (dangling link)";
        }
        if (!Files.isRegularFile(f)) {
            return "unreadable file (not a regular file)";
        }
        if (!Files.isReadable(f)) {
            return "unreadable file (permission denied)";
        }
        if (size(f) == 0) {
            return "empty file (0 bytes)";
        }
        return null;
    }

    private static long size(Path f) {
        try {
            return Files.readAttributes(f, BasicFileAttributes.class).size();
        } catch (IOException e) {
            return -1;
        }
    }

    static String extension(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean hiddenBelow(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> readMapping(Path root) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Path dir : root.getParent() == null ? List.of(root) : List.of(root, root.getParent())) {
            for (String name : MAPPING_FILES) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f)) {
                    try {
                        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                            String t = line.trim();
                            int sp = indexOfWhitespace(t);
                            if (sp > 0) {
                                map.putIfAbsent(t.substring(0, sp), t.substring(sp).trim());
                            }
                        }
                    } catch (IOException e) {
                        throw new BadInputException(f + ": cannot read the synset mapping (" + e.getMessage() + ")");
                    }
                    return map;
                }
            }
        }
        return map;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Sample load(int index) throws BadImageException {
        ImageDecoder.Decoded d = decoder.decode(files.get(index));
        Sample s = Sample.of(d.image(), labels[index], files.get(index).toString());
        s.conversion(d.conversion());
        return s;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The folder names, index = label. */
    public List<String> classIds() {
        return classIds;
    }

    /** The mapped names where a synset mapping file was found, else the folder names. */
    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The image file of an example. */
    public Path file(int index) {
        return files.get(index);
    }

    /** Files in class folders whose extension is not an image format. */
    public int ignoredFiles() {
        return ignored;
    }

    @Override
    public String name(int index) {
        return files.get(index).toString();
    }

    @Override
    public String describe() {
        return "class folders " + root + " (" + files.size() + " images, " + classIds.size() + " classes)";
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public Path statsDir() {
        return root.resolve(".zoolab");
    }
}
