package org.zoolab.zoo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One layer of a sequential table, written as a short token. Two notations share this grammar:
 * <ul>
 *   <li>{@link Notation#TABLE_1}, the notation of the VGG paper's Table 1 (VGG, LeNet-5): {@code conv3-64} (a 3x3
 *   convolution with 64 filters), {@code conv1-256}, {@code maxpool}, {@code avgpool}, {@code lrn},
 *   {@code fc-4096}. The family decides strides and padding (e.g. VGG pads 3x3 convolutions by 1, LeNet-5 does
 *   not pad).</li>
 *   <li>{@link Notation#STRIDED}, the generative tables' ({@code gan.yaml}): strides are written out and any
 *   layer with weights may be followed by batch norm: {@code fc-1200}, {@code fc-6272-bn},
 *   {@code maxout-240x5} (240 maxout units of 5 linear pieces), {@code conv4-128-s2-bn},
 *   {@code deconv4-64-s2-bn} (transposed), {@code reshape-128x7x7}, {@code dropout-0.5} (the probability of
 *   keeping a value, on the next layer's input). A K x K layer of stride S is padded by (K - S) / 2, so a stride-2
 *   layer halves (conv) or doubles (deconv) the map.</li>
 * </ul>
 *
 * @param kind      what the layer is
 * @param kernel    kernel size of a (transposed) convolution, else 0
 * @param width     filters of a convolution, units of a fully connected layer, maxout units; else 0
 * @param stride    stride of a (transposed) convolution where the token gives it ({@code -sS}), else 0
 * @param batchNorm true when the token ends in {@code -bn}: batch norm follows the layer
 * @param pieces    linear pieces per maxout unit, else 0
 * @param map       the shape a {@code reshape} makes of its input, else null
 * @param keep      the keep probability of a {@code dropout}, else 0
 */
public record LayerToken(Kind kind, int kernel, int width, int stride, boolean batchNorm, int pieces,
                         FeatureShape map, double keep) {
    private static final Pattern CONV = Pattern.compile("(conv|deconv)(-?\\d+)-(-?\\d+)(?:-s(-?\\d+))?(-bn)?");
    private static final Pattern FC = Pattern.compile("fc-(-?\\d+)(-bn)?");
    private static final Pattern MAXOUT = Pattern.compile("maxout-(-?\\d+)x(-?\\d+)");
    private static final Pattern RESHAPE = Pattern.compile("reshape-(-?\\d+)x(-?\\d+)x(-?\\d+)");
    private static final Pattern DROPOUT = Pattern.compile("dropout-(0?\\.\\d+|1(\\.0*)?)");

    /** Layer kinds of the notations. */
    public enum Kind { CONV, DECONV, MAXPOOL, AVGPOOL, LRN, FC, MAXOUT, RESHAPE, DROPOUT }

    /** Which tokens a table may use: each family reads one notation. */
    public enum Notation {
        /** VGG's Table 1: {@code convK-N}, {@code fc-N}, {@code maxpool}, {@code avgpool}, {@code lrn}. */
        TABLE_1("unknown layer kind '%s'; expected convK-N (e.g. conv3-64), fc-N (e.g. fc-4096), maxpool, avgpool or lrn"),
        /** The generative tables: strides written out, optional batch norm, maxout, reshape, dropout. */
        STRIDED("unknown layer '%s'; expected fc-N[-bn], maxout-NxK, convK-N-sS[-bn], deconvK-N-sS[-bn], "
                + "reshape-CxHxW or dropout-P");

        private final String unknown;

        Notation(String unknown) {
            this.unknown = unknown;
        }

        private boolean accepts(Kind kind, boolean strided, boolean batchNorm) {
            return switch (this) {
                case TABLE_1 -> !strided && !batchNorm
                        && (kind == Kind.CONV || kind == Kind.FC || kind == Kind.MAXPOOL || kind == Kind.AVGPOOL || kind == Kind.LRN);
                case STRIDED -> switch (kind) {
                    case CONV, DECONV -> strided;
                    case FC, MAXOUT, RESHAPE, DROPOUT -> true;
                    default -> false;
                };
            };
        }

        private IllegalArgumentException unknown(String token) {
            return new IllegalArgumentException(unknown.formatted(token));
        }
    }

    /** A token in VGG's {@link Notation#TABLE_1} notation. */
    public static LayerToken parse(String token) {
        return parse(token, Notation.TABLE_1);
    }

    /**
     * Parses one token of {@code notation}.
     *
     * @throws IllegalArgumentException naming the token and the notation's forms, or the number that is wrong
     */
    public static LayerToken parse(String token, Notation notation) {
        String t = token == null ? "" : token.trim();
        Matcher m;
        if ((m = CONV.matcher(t)).matches()) {
            Kind kind = m.group(1).equals("conv") ? Kind.CONV : Kind.DECONV;
            boolean strided = m.group(4) != null, bn = m.group(5) != null;
            accept(notation, t, kind, strided, bn);
            int k = positive(t, "kernel", m.group(2)), n = positive(t, "width", m.group(3));
            int s = strided ? positive(t, "stride", m.group(4)) : 0;
            if (strided && ((k - s) % 2 != 0 || k < s)) {
                throw new IllegalArgumentException("layer '" + t + "': kernel minus stride must be even and not negative (padding is (K - S) / 2)");
            }
            return new LayerToken(kind, k, n, s, bn, 0, null, 0);
        }
        if ((m = FC.matcher(t)).matches()) {
            accept(notation, t, Kind.FC, false, m.group(2) != null);
            return new LayerToken(Kind.FC, 0, positive(t, "width", m.group(1)), 0, m.group(2) != null, 0, null, 0);
        }
        if ((m = MAXOUT.matcher(t)).matches()) {
            accept(notation, t, Kind.MAXOUT, false, false);
            int units = positive(t, "units", m.group(1)), pieces = positive(t, "pieces", m.group(2));
            if (pieces < 2) throw new IllegalArgumentException("layer '" + t + "': a maxout unit needs at least 2 pieces");
            return new LayerToken(Kind.MAXOUT, 0, units, 0, false, pieces, null, 0);
        }
        if ((m = RESHAPE.matcher(t)).matches()) {
            accept(notation, t, Kind.RESHAPE, false, false);
            FeatureShape map = new FeatureShape(positive(t, "channels", m.group(1)), positive(t, "height", m.group(2)),
                    positive(t, "width", m.group(3)));
            return new LayerToken(Kind.RESHAPE, 0, 0, 0, false, 0, map, 0);
        }
        if ((m = DROPOUT.matcher(t)).matches()) {
            accept(notation, t, Kind.DROPOUT, false, false);
            double keep = Double.parseDouble(m.group(1));
            if (!(keep > 0)) throw new IllegalArgumentException("layer '" + t + "': the keep probability must be in (0, 1]");
            return new LayerToken(Kind.DROPOUT, 0, 0, 0, false, 0, null, keep);
        }
        Kind named = switch (t) {
            case "maxpool" -> Kind.MAXPOOL;
            case "avgpool" -> Kind.AVGPOOL;
            case "lrn" -> Kind.LRN;
            default -> throw notation.unknown(t);
        };
        accept(notation, t, named, false, false);
        return new LayerToken(named, 0, 0, 0, false, 0, null, 0);
    }

    private static void accept(Notation notation, String token, Kind kind, boolean strided, boolean batchNorm) {
        if (!notation.accepts(kind, strided, batchNorm)) {
            throw notation.unknown(token);
        }
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

    /** The zero padding on every side of a strided (transposed) convolution: {@code (kernel - stride) / 2}. */
    public int padding() {
        return (kernel - stride) / 2;
    }

    /** True for the layers that hold weights: fully connected, maxout and (transposed) convolutions. */
    public boolean hasWeights() {
        return kind == Kind.FC || kind == Kind.MAXOUT || kind == Kind.CONV || kind == Kind.DECONV;
    }

    /** The token in canonical spelling, e.g. {@code conv3-64}, {@code deconv4-64-s2-bn}, {@code dropout-0.5}. */
    @Override
    public String toString() {
        String bn = batchNorm ? "-bn" : "";
        return switch (kind) {
            case CONV, DECONV -> kind.name().toLowerCase() + kernel + "-" + width + (stride > 0 ? "-s" + stride : "") + bn;
            case FC -> "fc-" + width + bn;
            case MAXOUT -> "maxout-" + width + "x" + pieces;
            case RESHAPE -> "reshape-" + map;
            case DROPOUT -> "dropout-" + keep;
            default -> kind.name().toLowerCase();
        };
    }
}
