package org.zoolab.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one strict YAML reader of zoolab's configuration files (zoo tables, recipes, experiments, pipelines, sweeps).
 * Every mistake is a {@link ConfigException} naming the file, the key path and what was expected:
 * <ul>
 *   <li>YAML syntax errors name the line; an empty file is refused;</li>
 *   <li>a key given twice in a mapping is refused;</li>
 *   <li>bound to a record: unknown keys are refused listing the known ones, wrong types name the key, numbers are
 *       not taken for enums and null not for primitives, and checks made in the record's constructor
 *       ({@link #require}) name their key under the record's path;</li>
 *   <li>read as a tree (pipelines, sweeps, whose keys depend on other keys): {@link #checkKeys} refuses unknown
 *       keys the same way.</li>
 * </ul>
 * Zoo tables are read with {@link #readTable}: every key of their records is required and mapping errors name the
 * line too; recipes and experiments with {@link #read}: optional keys may be left out (for records Jackson reports
 * the end of the mapping rather than the key's line, so those messages name the key only).
 */
public final class StrictYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper TABLES = MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private StrictYaml() {
    }

    /** Reads YAML text as a tree: syntax errors name the line, a key given twice and an empty file are refused. */
    public static JsonNode tree(String file, String yaml) {
        try {
            JsonNode n = MAPPER.readTree(yaml);
            if (n == null || n.isMissingNode() || n.isNull()) {
                throw new ConfigException(file, "", "the file is empty");
            }
            return n;
        } catch (JacksonException e) {
            throw syntax(file, e);
        }
    }

    /** Binds YAML text to a record whose optional keys may be left out (recipes, experiments). */
    public static <T> T read(String file, String yaml, Class<T> type) {
        return bind(MAPPER, false, file, yaml, null, type, "the file is empty");
    }

    /** Binds a tree to a record with the same checks and messages as {@link #read}. */
    public static <T> T convert(String file, JsonNode tree, Class<T> type) {
        return bind(MAPPER, false, file, null, tree, type, "the file is empty");
    }

    /** Binds YAML text to a zoo table: every key of its records is required, and errors name the line. */
    public static <T> T readTable(String file, String yaml, Class<T> type) {
        return bind(TABLES, true, file, yaml, null, type, "the file is empty; expected the " + type.getSimpleName() + " table");
    }

    /** YAML text of a value (experiments and sweeps write themselves with it), without a document marker. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML of " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Refuses keys of the mapping {@code node} (at {@code path}, "" for the top) that are not in {@code known}:
     * {@code FILE, key 'PATH.k': unknown key 'k'; expected one of: (sorted)}.
     */
    public static void checkKeys(String file, JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ConfigException(file, path.isEmpty() ? k : path + "." + k,
                        "unknown key '" + k + "'; expected one of: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** A failed check on one key, thrown from a record's constructor; the reader prefixes the record's key path. */
    public static final class KeyException extends IllegalArgumentException {
        private final String key;

        public KeyException(String key, String problem) {
            super(problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** In a record's constructor: unless {@code ok}, the key {@code key} is wrong, for the reason {@code problem}. */
    public static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new KeyException(key, problem);
        }
    }

    private static <T> T bind(ObjectMapper mapper, boolean lines, String file, String yaml, JsonNode tree, Class<T> type,
                              String empty) {
        if (yaml != null) {
            JsonNode whole;
            try {
                whole = mapper.readTree(yaml);
            } catch (JacksonException e) {
                throw syntax(file, e);
            }
            if (whole == null || whole.isMissingNode() || whole.isNull()) {
                throw new ConfigException(file, "", empty);
            }
        }
        try {
            T value = yaml != null ? mapper.readValue(yaml, type) : mapper.treeToValue(tree, type);
            if (value == null) {
                throw new ConfigException(file, "", empty);
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(file, lines ? line(e.getLocation()) : -1, keyPath(e),
                    "unknown key '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw ce;
            }
            if (!lines && cause instanceof JacksonException syntax) {
                throw syntax(file, syntax);
            }
            if (cause instanceof KeyException ke) {
                String p = keyPath(e);
                throw new ConfigException(file, lines ? line(e.getLocation()) : -1, p.isEmpty() ? ke.key() : p + "." + ke.key(),
                        ke.getMessage());
            }
            String problem = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new ConfigException(file, lines ? line(e.getLocation()) : -1, keyPath(e), firstLine(problem));
        } catch (JacksonException e) {
            throw syntax(file, e);
        }
    }

    private static ConfigException syntax(String file, JacksonException e) {
        return new ConfigException(file, line(e.getLocation()), "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }

    /** The 1-based line, or -1 when Jackson gives no location. */
    private static int line(JsonLocation loc) {
        return loc == null ? -1 : loc.getLineNr();
    }

    /** The key path of a mapping error, fields joined by '.', list indices in brackets. */
    private static String keyPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The first line of a message, or "invalid value" when there is none. */
    private static String firstLine(String s) {
        if (s == null) return "invalid value";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
