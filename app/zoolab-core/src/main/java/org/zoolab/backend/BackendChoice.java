package org.zoolab.backend;

import org.zoolab.BadInputException;

import java.util.Locale;

/** The ND4J backend a user asks for: {@code cpu}, {@code cuda}, or {@code auto} (CUDA if usable, else CPU). */
public enum BackendChoice {
    CPU, CUDA, AUTO;

    public static BackendChoice parse(String text) {
        if (text == null) {
            return CPU;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--backend: expected cpu, cuda or auto, got '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
