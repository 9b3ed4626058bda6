package org.zoolab.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.zoolab.zoo.YamlErrors;
import org.zoolab.zoo.ZooConfigException;

import java.util.stream.Collectors;

/**
 * Strict YAML reading for recipes and experiments: unknown keys, wrong types and failed checks are
 * {@link ZooConfigException}s that name the file and the key path (the line only for YAML syntax errors: for
 * records Jackson reports the end of the mapping, not the key's line). Unlike the zoo tables, optional keys may be
 * left out (the records check what they need in their constructors).
 */
final class StrictYaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private StrictYaml() {
    }

    /** Reads YAML text as a tree (syntax errors name the line). */
    static com.fasterxml.jackson.databind.JsonNode tree(String file, String yaml) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = MAPPER.readTree(yaml);
            if (n == null || n.isMissingNode() || n.isNull()) {
                throw new ZooConfigException(file, "", "the file is empty");
            }
            return n;
        } catch (JacksonException e) {
            throw new ZooConfigException(file, YamlErrors.line(e.getLocation()), "", "not valid YAML: " + YamlErrors.firstLine(e.getOriginalMessage()));
        }
    }

    /** Binds a tree to {@code type} with the same strict checks and messages as {@link #parse}. */
    static <T> T convert(String file, com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
        return parse(file, null, tree, type);
    }

    static <T> T parse(String file, String yaml, Class<T> type) {
        return parse(file, yaml, null, type);
    }

    private static <T> T parse(String file, String yaml, com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
        try {
            T value = yaml != null ? MAPPER.readValue(yaml, type) : MAPPER.treeToValue(tree, type);
            if (value == null) {
                throw new ZooConfigException(file, "", "the file is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ZooConfigException(file, YamlErrors.keyPath(e),
                    "unknown key '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ZooConfigException zce) {
                throw zce;
            }
            if (cause instanceof JacksonException syntax) {
                throw new ZooConfigException(file, YamlErrors.line(syntax.getLocation()), "", "not valid YAML: " + YamlErrors.firstLine(syntax.getOriginalMessage()));
            }
            if (cause instanceof KeyException ke) {
                String p = YamlErrors.keyPath(e);
                String key = p.isEmpty() ? ke.key : p + "." + ke.key;
                throw new ZooConfigException(file, key, ke.getMessage());
            }
            String problem = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new ZooConfigException(file, YamlErrors.keyPath(e), YamlErrors.firstLine(problem));
        } catch (JacksonException e) {
            throw new ZooConfigException(file, YamlErrors.line(e.getLocation()), "", "not valid YAML: " + YamlErrors.firstLine(e.getOriginalMessage()));
        }
    }

    /** A failed check on one key, thrown from a record constructor; the reader prefixes the key's path. */
    static final class KeyException extends IllegalArgumentException {
        final String key;

        KeyException(String key, String problem) {
            super(problem);
            this.key = key;
        }
    }

    static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new KeyException(key, problem);
        }
    }
}
