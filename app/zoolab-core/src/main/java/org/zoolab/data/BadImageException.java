package org.zoolab.data;

/**
 * One input file that cannot be used (empty, truncated, not an image, too large, unreadable, a mask that does
 * not fit its image ...). The reason is a short phrase for the bad-file report; the pipeline skips the file and
 * records it, or in strict mode turns it into a {@link org.zoolab.BadInputException} naming the file.
 */
public class BadImageException extends Exception {
    private final String reason;

    public BadImageException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public BadImageException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** The short reason, e.g. "empty file (0 bytes)". */
    public String reason() {
        return reason;
    }
}
