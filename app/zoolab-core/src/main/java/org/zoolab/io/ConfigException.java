package org.zoolab.io;

import org.zoolab.BadInputException;

/**
 * A mistake in a configuration file (a zoo table, a recipe, an experiment, a pipeline, a sweep): the file, the line
 * where known, the key path ({@code models.vgg-a.layers[3]}, {@code train[0].random-crop.size}) and what was
 * expected. Its message is {@code FILE[, line N][, key 'PATH']: PROBLEM}; being a {@link BadInputException}, the
 * CLI prints it on one line and exits with code 2.
 */
public class ConfigException extends BadInputException {
    private final String file;
    private final String key;
    private final int line;
    private final String problem;

    public ConfigException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.key = key == null ? "" : key;
        this.line = line;
        this.problem = problem;
    }

    /** Without a line number (checks made after parsing). */
    public ConfigException(String file, String key, String problem) {
        this(file, -1, key, problem);
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(", line ").append(line);
        if (key != null && !key.isEmpty()) sb.append(", key '").append(key).append('\'');
        return sb.append(": ").append(problem).toString();
    }

    /**
     * The same problem reported in {@code outerFile} with the key under {@code prefix} (a file embedded in another,
     * like a sweep's base experiment): {@code key 'lr'} becomes {@code key 'base.lr'}.
     */
    public ConfigException under(String outerFile, String prefix) {
        return new ConfigException(outerFile, key.isEmpty() ? prefix : prefix + "." + key, problem);
    }

    public String file() {
        return file;
    }

    /** The key path, "" when the problem is the whole file. */
    public String key() {
        return key;
    }

    /** 1-based line, or -1 when not known. */
    public int line() {
        return line;
    }

    /** What was wrong and what was expected, without the file and key. */
    public String problem() {
        return problem;
    }
}
