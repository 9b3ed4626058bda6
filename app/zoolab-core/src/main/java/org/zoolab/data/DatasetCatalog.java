package org.zoolab.data;

import org.zoolab.BadInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data sets zoolab knows how to install, by name. */
final class DatasetCatalog {

    private final Map<String, DatasetSource> sources = new LinkedHashMap<>();

    DatasetCatalog(List<DatasetSource> sources) {
        for (DatasetSource s : sources) {
            this.sources.put(s.name(), s);
        }
    }

    /** mnist, fashion-mnist, cifar10, imagenet, photos. */
    static DatasetCatalog standard() {
        return new DatasetCatalog(List.of(new MnistSource(), new FashionMnistSource(), new Cifar10Source(),
                new ImageNetSource(), new PhotosSource()));
    }

    DatasetSource get(String name) {
        DatasetSource s = sources.get(name);
        if (s == null) {
            throw new BadInputException("unknown data set '" + name + "': known are " + String.join(", ", names()));
        }
        return s;
    }

    List<String> names() {
        return new ArrayList<>(sources.keySet());
    }

    List<DatasetSource> sources() {
        return new ArrayList<>(sources.values());
    }
}
