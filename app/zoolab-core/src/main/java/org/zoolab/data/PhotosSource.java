package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Real photographs in class folders ({@code photos/cat/chelsea.png}, {@code photos/dog/...}), for trying image
 * pipelines and pretrained classifiers on real pictures. They are the sample images that four Debian packages ship,
 * downloaded with {@code apt-get download} and extracted (never installed): {@code python3-skimage} (skimage.data),
 * {@code python3-sklearn} (sklearn.datasets images), {@code darknet} (data/*.jpg), {@code opencv-doc} (samples).
 * Also installs the 1,000 ILSVRC-2012 classes: {@code imagenet_classes.txt} (opencv-doc's
 * {@code classification_classes_ILSVRC2012.txt}, line i = class i, e.g. "tench, Tinca tinca") and
 * {@code imagenet_synsets.txt} (the matching WordNet ids: the first 1,000 lines of darknet's
 * {@code imagenet.labels.list}, sorted, which is the standard class order). {@code SOURCES.txt} says where each photo
 * came from; licences are in each package's {@code /usr/share/doc/<package>/copyright}. Photos are RGB JPEG/PNG,
 * except those named {@code *_gray} (one channel).
 */
final class PhotosSource implements DatasetSource {

    static final String SKIMAGE = "python3-skimage";
    static final String SKLEARN = "python3-sklearn";
    static final String DARKNET = "darknet";
    static final String OPENCV_DOC = "opencv-doc";
    static final List<String> PACKAGES = List.of(SKIMAGE, SKLEARN, DARKNET, OPENCV_DOC);

    static final String CLASSES_FILE = "imagenet_classes.txt";
    static final String SYNSETS_FILE = "imagenet_synsets.txt";
    static final String SOURCES_FILE = "SOURCES.txt";
    private static final String OPENCV_CLASSES = "usr/share/doc/opencv-doc/examples/data/dnn/classification_classes_ILSVRC2012.txt";
    private static final String DARKNET_LABELS = "usr/share/darknet/data/imagenet.labels.list";

    static final String HINT = "To install by hand: download the Debian packages " + String.join(", ", PACKAGES)
            + " (https://packages.debian.org/bookworm/<name>, the .deb files) into one folder and run"
            + " `zoolab data fetch photos --from FOLDER`";

    /** One photo: the package it comes from, its path in the package, its installed path. */
    record Photo(String pkg, String pathInPackage, String target) {
    }

    /** Every installed photo, by class folder. */
    static final List<Photo> PHOTOS = List.of(
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/chelsea.png", "cat/chelsea.png"),
            new Photo(DARKNET, "usr/share/darknet/data/dog.jpg", "dog/dog_with_bicycle.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/chicky_512.png", "dog/pekingese.png"),
            new Photo(DARKNET, "usr/share/darknet/data/horses.jpg", "horse/horses_in_field.jpg"),
            new Photo(DARKNET, "usr/share/darknet/data/eagle.jpg", "bird/bald_eagle.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/hfs/data/000.jpg", "bird/robin.jpg"),
            new Photo(DARKNET, "usr/share/darknet/data/giraffe.jpg", "giraffe/giraffe_and_zebra.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/baboon.jpg", "monkey/mandrill.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/butterfly.jpg", "butterfly/swallowtail.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/dnn_superres/butterfly.png", "butterfly/monarch_closeup.png"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/squirrel_cls.jpg", "squirrel/fox_squirrel.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/apple.jpg", "fruit/apple.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/orange.jpg", "fruit/orange.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/fruits.jpg", "fruit/citrus_and_kiwi.jpg"),
            new Photo(SKLEARN, "usr/lib/python3/dist-packages/sklearn/datasets/images/flower.jpg", "flower/dahlia.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/alphamat/input_images/plant.jpg", "potted_plant/houseplant.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/aloeL.jpg", "potted_plant/aloe.jpg"),
            new Photo(SKLEARN, "usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg", "building/summer_palace_pagoda.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/building.jpg", "building/hotel.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/home.jpg", "building/palace_with_birds.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/leuvenA.jpg", "building/leuven_street_a.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/leuvenB.jpg", "building/leuven_street_b.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/text/scenetext06.jpg", "building/pub_front.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/reg/home.png", "building/brick_house.png"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/hfs/data/001.jpg", "landscape/lake.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/hfs/data/002.jpg", "landscape/tree_in_field.jpg"),
            new Photo(DARKNET, "usr/share/darknet/data/kite.jpg", "landscape/beach_with_kites.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/aero1.jpg", "aerial/city_view_1.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/aero3.jpg", "aerial/city_view_2.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/text/scenetext01.jpg", "street_sign/no_parking_notice.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/text/scenetext02.jpg", "street_sign/sports_centre.jpg"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/text/scenetext03.jpg", "street_sign/copy_centre.jpg"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/rocket.jpg", "rocket/launch_pad.jpg"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/astronaut.png", "person/astronaut.png"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/camera.png", "person/cameraman_gray.png"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/messi5.jpg", "person/footballer.jpg"),
            new Photo(DARKNET, "usr/share/darknet/data/person.jpg", "person/person_dog_horse.jpg"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/coffee.png", "coffee/espresso_cup.png"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png", "motorcycle/motorcycle.png"),
            new Photo(OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/licenseplate_motion.jpg", "car/car_rear_motion_blur.jpg"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/brick.png", "texture/brick_gray.png"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/grass.png", "texture/grass_gray.png"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/gravel.png", "texture/gravel_gray.png"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg", "space/hubble_deep_field.jpg"),
            new Photo(SKIMAGE, "usr/lib/python3/dist-packages/skimage/data/moon.png", "space/moon_gray.png"));

    @Override
    public String name() {
        return "photos";
    }

    @Override
    public String description() {
        return PHOTOS.size() + " real photos in " + classes().size() + " class folders + ImageNet class names (4 Debian packages)";
    }

    @Override
    public String howToFetch() {
        return "zoolab data fetch photos";
    }

    /** The class folder names, sorted. */
    static Set<String> classes() {
        return PHOTOS.stream().map(p -> p.target().substring(0, p.target().indexOf('/'))).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public void download(InstallContext ctx) throws IOException {
        Map<String, Path> debs = new LinkedHashMap<>();
        for (String pkg : PACKAGES) {
            debs.put(pkg, DebianPackage.download(pkg, ctx, HINT));
        }
        install(debs, ctx, "apt-get download");
    }

    @Override
    public void installFrom(Path from, InstallContext ctx) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new BadInputException("photos --from " + from + ": expected a folder holding the .deb files of "
                    + String.join(", ", PACKAGES));
        }
        Map<String, Path> debs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String pkg : PACKAGES) {
            DebianPackage.find(from, pkg).ifPresentOrElse(d -> debs.put(pkg, d), () -> missing.add(pkg + "_*.deb"));
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("photos --from " + from + ": missing " + String.join(", ", missing) + ". " + HINT);
        }
        install(debs, ctx, "--from " + from);
    }

    private void install(Map<String, Path> debs, InstallContext ctx, String how) throws IOException {
        Path unpacked = ctx.downloadDir().resolve("unpacked");
        for (Map.Entry<String, Path> deb : debs.entrySet()) {
            Set<String> wanted = new TreeSet<>();
            PHOTOS.stream().filter(p -> p.pkg().equals(deb.getKey())).forEach(p -> wanted.add(p.pathInPackage()));
            if (deb.getKey().equals(OPENCV_DOC)) {
                wanted.add(OPENCV_CLASSES);
            }
            if (deb.getKey().equals(DARKNET)) {
                wanted.add(DARKNET_LABELS);
            }
            Path into = unpacked.resolve(deb.getKey());
            DebianPackage.extract(deb.getValue(), into, entry -> wanted.contains(entry) ? entry : null, ctx);
            List<String> absent = wanted.stream().filter(w -> !Files.isRegularFile(into.resolve(w))).toList();
            if (!absent.isEmpty()) {
                throw new BadInputException("photos: " + deb.getValue().getFileName() + " lacks " + absent
                        + " (a different version of " + deb.getKey() + " than zoolab knows?)");
            }
        }
        StringBuilder sources = new StringBuilder("# photo <- Debian package version: path in the package\n");
        for (Photo p : PHOTOS) {
            Path to = ctx.contentDir().resolve(p.target());
            Files.createDirectories(to.getParent());
            Files.copy(unpacked.resolve(p.pkg()).resolve(p.pathInPackage()), to);
            sources.append(p.target()).append(" <- ").append(p.pkg()).append(' ')
                    .append(DebianPackage.version(debs.get(p.pkg()))).append(": /").append(p.pathInPackage()).append('\n');
        }
        Files.copy(unpacked.resolve(OPENCV_DOC).resolve(OPENCV_CLASSES), ctx.contentDir().resolve(CLASSES_FILE));
        Files.writeString(ctx.contentDir().resolve(SYNSETS_FILE),
                imagenetSynsets(unpacked.resolve(DARKNET).resolve(DARKNET_LABELS)), StandardCharsets.UTF_8);
        sources.append(CLASSES_FILE).append(" <- ").append(OPENCV_DOC).append(": /").append(OPENCV_CLASSES).append('\n');
        sources.append(SYNSETS_FILE).append(" <- ").append(DARKNET).append(": first 1000 lines of /").append(DARKNET_LABELS)
                .append(", sorted\n");
        ctx.progress("arranged " + PHOTOS.size() + " photos in " + classes().size() + " class folders");
        ctx.verify(ChecksumList.fromResource("photos.sha256"));
        Files.writeString(ctx.contentDir().resolve(SOURCES_FILE), sources.toString(), StandardCharsets.UTF_8);
        ctx.provenance("from the Debian packages " + debs.values().stream().map(d -> d.getFileName().toString())
                .collect(Collectors.joining(", ")) + " (" + how + "); see " + SOURCES_FILE);
    }

    /** The 1,000 ILSVRC-2012 wnids in class order: darknet lists them first (in its own order); sorted is the standard order. */
    private static String imagenetSynsets(Path labelsList) throws IOException {
        List<String> lines = Files.readAllLines(labelsList, StandardCharsets.UTF_8);
        if (lines.size() < 1000) {
            throw new BadInputException("photos: " + labelsList.getFileName() + " has " + lines.size() + " lines; expected at least 1000");
        }
        TreeSet<String> wnids = new TreeSet<>();
        for (String line : lines.subList(0, 1000)) {
            if (!line.strip().matches("n\\d{8}")) {
                throw new BadInputException("photos: " + labelsList.getFileName() + ": '" + line + "' is not a WordNet id");
            }
            wnids.add(line.strip());
        }
        if (wnids.size() != 1000) {
            throw new BadInputException("photos: " + labelsList.getFileName() + ": the first 1000 lines hold " + wnids.size()
                    + " distinct ids; expected 1000");
        }
        return String.join("\n", wnids) + "\n";
    }
}
