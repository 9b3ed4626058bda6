package org.zoolab.zoo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Where a Jackson YAML error happened, in the words zoolab's error messages use: the 1-based line, the key path
 * ({@code models.vgg-a.layers[3]}) and the first line of Jackson's message. Shared by every strict YAML reader
 * (zoo tables, experiments and recipes, sweep files).
 */
public final class YamlErrors {
    private YamlErrors() {
    }

    /** The 1-based line, or -1 when Jackson gives no location. */
    public static int line(JsonLocation loc) {
        return loc == null ? -1 : loc.getLineNr();
    }

    /** The key path of a mapping error, fields joined by '.', list indices in brackets. */
    public static String keyPath(JsonMappingException e) {
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
    public static String firstLine(String s) {
        if (s == null) return "invalid value";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
