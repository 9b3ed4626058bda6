package org.zoolab;

/**
 * A mistake in what the user gave zoolab: a file, a field of a YAML file, a command-line value, a layer name.
 * The message names the thing and what was expected; the CLI prints it on one line and exits with code 2,
 * without a stack trace.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
