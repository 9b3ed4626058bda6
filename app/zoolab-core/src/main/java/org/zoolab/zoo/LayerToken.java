package org.zoolab.zoo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One layer of a sequential table, written in the notation of the VGG paper's Table 1:
 * {@code conv3-64} (a 3x3 convolution with 64 filters), {@code conv1-256}, {@code maxpool}, {@code avgpool},
 * {@code lrn}, {@code fc-4096}. The family decides strides and padding (e.g. VGG pads 3x3 convolutions by 1,
 * LeNet-5 does not pad).
 *
 * @param kind   what the layer is
 * @param kernel kernel size of a convolution, else 0
 * @param width  filters of a convolution or units of a fully connected layer, else 0
 */
public record LayerToken(Kind kind, int kernel, int width) {
    private static final Pattern CONV = Pattern.compile("conv(-?\\d+)-(-?\\d+)");
    private static final Pattern FC = Pattern.compile("fc-(-?\\d+)");

    /** Layer kinds of the notation. */
    public enum Kind { CONV, MAXPOOL, AVGPOOL, LRN, FC }

    /**
     * Parses one token.
     *
     * @throws IllegalArgumentException naming the token and the accepted forms, or a non-positive width
     */
    public static LayerToken parse(String token) {
        String t = token == null ? "" : token.trim();
        Matcher m = CONV.matcher(t);
        if (m.matches()) {
            return new LayerToken(Kind.CONV, positive(t, "kernel", m.group(1)), positive(t, "width", m.group(2)));
        }
        m = FC.matcher(t);
        if (m.matches()) {
            return new LayerToken(Kind.FC, 0, positive(t, "width", m.group(1)));
        }
        return switch (t) {
            case "maxpool" -> new LayerToken(Kind.MAXPOOL, 0, 0);
            case "avgpool" -> new LayerToken(Kind.AVGPOOL, 0, 0);
            case "lrn" -> new LayerToken(Kind.LRN, 0, 0);
            default -> throw new IllegalArgumentException("unknown layer kind '" + t
                    + "'; expected convK-N (e.g. conv3-64), fc-N (e.g. fc-4096), maxpool, avgpool or lrn");
        };
    }

    private static int positive(String token, String what, String digits) {
        long v;
        try {
            v = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer '" + token + "': " + what + " " + digits + " is not a number");
        }
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer '" + token + "': " + what + " must be a positive integer, got " + v);
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONV -> "conv" + kernel + "-" + width;
            case FC -> "fc-" + width;
            default -> kind.name().toLowerCase();
        };
    }
}
