package org.zoolab.zoo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a family's table from {@code zoo-configs/<family>.yaml} into that family's config type (a record),
 * strictly: unknown keys, missing required keys and wrong types are errors that name the file, line and key.
 * <p>
 * Where the tables come from: the directory named by the system property {@code zoolab.zoo-configs} or the
 * environment variable {@code ZOOLAB_ZOO_CONFIGS} if set (to try an edited table), else the copy packaged in
 * the jar.
 */
public final class ZooConfigs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ZooConfigs() {
    }

    /** Loads {@code zoo-configs/<family>.yaml} into {@code type}. */
    public static <T> T load(String family, Class<T> type) {
        String file = "zoo-configs/" + family + ".yaml";
        return parse(file, read(family, file), type);
    }

    /** Parses YAML text; {@code file} is the name used in error messages. */
    public static <T> T parse(String file, String yaml, Class<T> type) {
        try {
            T value = YAML.readValue(yaml, type);
            if (value == null) {
                throw new ZooConfigException(file, "", "the file is empty; expected the " + type.getSimpleName() + " table");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ZooConfigException(file, YamlErrors.line(e.getLocation()), YamlErrors.keyPath(e),
                    "unknown key '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ZooConfigException zce) {
                throw zce;
            }
            String problem = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new ZooConfigException(file, YamlErrors.line(e.getLocation()), YamlErrors.keyPath(e), YamlErrors.firstLine(problem));
        } catch (JacksonException e) {
            throw new ZooConfigException(file, YamlErrors.line(e.getLocation()), "", "not valid YAML: " + YamlErrors.firstLine(e.getOriginalMessage()));
        }
    }

    private static String read(String family, String file) {
        String dir = System.getProperty("zoolab.zoo-configs", System.getenv("ZOOLAB_ZOO_CONFIGS"));
        try {
            if (dir != null && !dir.isBlank()) {
                Path p = Path.of(dir, family + ".yaml");
                if (!Files.isRegularFile(p)) {
                    throw new ZooConfigException(p.toString(), "", "no such file (zoolab.zoo-configs / ZOOLAB_ZOO_CONFIGS points to " + dir + ")");
                }
                return Files.readString(p, StandardCharsets.UTF_8);
            }
            try (InputStream in = ZooConfigs.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new ZooConfigException(file, "", "not found on the classpath (is zoo-configs/ packaged?)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
