package org.zoolab.data;

import org.zoolab.BadInputException;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The folder data sets are installed into, one subfolder per data set ({@code <root>/mnist}, {@code <root>/photos}, ...).
 * Chosen by, in order: an explicit path ({@code --data-dir}), the {@code ZOOLAB_DATA} environment variable,
 * {@code ~/.zoolab/data}.
 */
public final class DataDirectory {

    /** The environment variable that overrides the default data directory. */
    public static final String ENV = "ZOOLAB_DATA";

    private static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path root;
    private final String chosenBy;

    private DataDirectory(Path root, String chosenBy) {
        this.root = root.toAbsolutePath().normalize();
        this.chosenBy = chosenBy;
    }

    /** The data directory: {@code overrideOrNull} if given, else {@code $ZOOLAB_DATA}, else {@code ~/.zoolab/data}. */
    public static DataDirectory resolve(Path overrideOrNull) {
        return resolve(overrideOrNull, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static DataDirectory resolve(Path overrideOrNull, Map<String, String> env, Path home) {
        if (overrideOrNull != null) {
            return new DataDirectory(overrideOrNull, "--data-dir");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DataDirectory(Path.of(fromEnv.strip()), ENV);
        }
        return new DataDirectory(home.resolve(".zoolab").resolve("data"), "default");
    }

    /** The absolute root folder (it may not exist yet). */
    public Path root() {
        return root;
    }

    /** Where the data set {@code name} is (or would be) installed: {@code <root>/<name>}. */
    public Path datasetDir(String name) {
        if (name == null || !DATASET_NAME.matcher(name).matches()) {
            throw new BadInputException("data set name '" + name + "': expected lower-case letters, digits and '-'");
        }
        return root.resolve(name);
    }

    /** What chose this directory: "--data-dir", "ZOOLAB_DATA" or "default". */
    public String chosenBy() {
        return chosenBy;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
