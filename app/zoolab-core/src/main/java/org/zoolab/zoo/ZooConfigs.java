package org.zoolab.zoo;

import org.zoolab.io.ConfigException;
import org.zoolab.io.StrictYaml;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a family's table from {@code zoo-configs/<family>.yaml} into that family's config type (a record),
 * strictly ({@link StrictYaml#readTable}): unknown keys, missing required keys and wrong types are
 * {@link ConfigException}s that name the file, line and key.
 * <p>
 * Where the tables come from: the directory named by the system property {@code zoolab.zoo-configs} or the
 * environment variable {@code ZOOLAB_ZOO_CONFIGS} if set (to try an edited table), else the copy packaged in
 * the jar.
 */
public final class ZooConfigs {
    private ZooConfigs() {
    }

    /** Loads {@code zoo-configs/<family>.yaml} into {@code type}. */
    public static <T> T load(String family, Class<T> type) {
        String file = "zoo-configs/" + family + ".yaml";
        return parse(file, read(family, file), type);
    }

    /** Parses YAML text; {@code file} is the name used in error messages. */
    public static <T> T parse(String file, String yaml, Class<T> type) {
        return StrictYaml.readTable(file, yaml, type);
    }

    private static String read(String family, String file) {
        String dir = System.getProperty("zoolab.zoo-configs", System.getenv("ZOOLAB_ZOO_CONFIGS"));
        try {
            if (dir != null && !dir.isBlank()) {
                Path p = Path.of(dir, family + ".yaml");
                if (!Files.isRegularFile(p)) {
                    throw new ConfigException(p.toString(), "", "no such file (zoolab.zoo-configs / ZOOLAB_ZOO_CONFIGS points to " + dir + ")");
                }
                return Files.readString(p, StandardCharsets.UTF_8);
            }
            try (InputStream in = ZooConfigs.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new ConfigException(file, "", "not found on the classpath (is zoo-configs/ packaged?)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
