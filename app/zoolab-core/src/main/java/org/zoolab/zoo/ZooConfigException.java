package org.zoolab.zoo;

import org.zoolab.BadInputException;

/**
 * An error in a {@code zoo-configs/*.yaml} file. The message names the file, the line where known, the key
 * path, and what was expected.
 */
public class ZooConfigException extends BadInputException {
    private final String file;
    private final String key;
    private final int line;

    public ZooConfigException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.key = key;
        this.line = line;
    }

    /** Without a line number (checks made after parsing). */
    public ZooConfigException(String file, String key, String problem) {
        this(file, -1, key, problem);
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(", line ").append(line);
        if (key != null && !key.isEmpty()) sb.append(", key '").append(key).append('\'');
        return sb.append(": ").append(problem).toString();
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    /** 1-based line, or -1 when not known. */
    public int line() {
        return line;
    }
}
