package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.ArrayList;
import java.util.List;

/**
 * The shortcut connection of a residual block, He et al. 2015 section 3.3 / 4.1 options A, B and C, plus
 * {@link #NONE} for the paper's "plain" networks.
 * <ul>
 *   <li>{@link #A}: identity; where the block changes shape, the input is subsampled with the block's stride
 *       (a 1x1 max pool) and the extra channels are zeros. No parameters.</li>
 *   <li>{@link #B}: identity, but a projection (1x1 conv with the block's stride + BN) where the shape changes.</li>
 *   <li>{@link #C}: a projection on every block.</li>
 *   <li>{@link #NONE}: no shortcut (a plain network).</li>
 * </ul>
 * In the tables: {@code shortcut: A | B | C | none}.
 */
public enum Shortcut {
    A, B, C, NONE;

    /** Reads the table value (case-insensitive). */
    @JsonCreator
    public static Shortcut fromTable(String value) {
        for (Shortcut s : values()) {
            if (s.name().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shortcut '" + value + "'; expected one of: A, B, C, none");
    }

    /**
     * Adds the shortcut of block {@code block} from {@code input}, matching a residual branch that outputs
     * {@code outChannels} channels at stride {@code stride}.
     *
     * @return the vertex to add to the residual branch: {@code input} itself for an identity shortcut, or
     *         {@code null} for {@link #NONE}. New vertices are named {@code block.shortcut...}.
     */
    public String add(TrackedGraph g, String block, String input, long outChannels, int stride, boolean batchNorm) {
        FeatureShape in = g.shape(input);
        boolean reshapes = stride != 1 || in.channels() != outChannels;
        return switch (this) {
            case NONE -> null;
            case A -> reshapes ? zeroPadded(g, block, input, outChannels, stride) : input;
            case B -> reshapes ? projection(g, block, input, outChannels, stride, batchNorm) : input;
            case C -> projection(g, block, input, outChannels, stride, batchNorm);
        };
    }

    private static String projection(TrackedGraph g, String block, String input, long outChannels, int stride,
                                     boolean batchNorm) {
        return ConvUnit.add(g, block + ".shortcut", input, Math.toIntExact(outChannels), 1, stride, 0, batchNorm, false);
    }

    /** Option A: {@code [subsample(x), 0, ..., 0]}, the zeros made as 0 * subsample(x). */
    private static String zeroPadded(TrackedGraph g, String block, String input, long outChannels, int stride) {
        String x = stride == 1 ? input : g.maxPool(block + ".shortcut.subsample", input, 1, stride, 0);
        long have = g.shape(x).channels();
        long missing = outChannels - have;
        if (missing < 0) {
            throw new ConfigException(g.file(), g.key(), "shortcut A cannot reduce channels (" + have + " to "
                    + outChannels + ") at block '" + block + "'; use shortcut B or C");
        }
        if (missing == 0) {
            return x;
        }
        List<String> parts = new ArrayList<>(List.of(x));
        long zeros = 0;
        for (int copy = 1; zeros < missing; copy++) {
            long take = Math.min(have, missing - zeros);
            String zero = g.scale(block + ".shortcut.zeros" + copy, x, 0.0);
            if (take < have) {
                zero = g.channels(block + ".shortcut.zeros" + copy + ".subset", zero, 0, Math.toIntExact(take) - 1);
            }
            parts.add(zero);
            zeros += take;
        }
        return g.concat(block + ".shortcut", parts.toArray(String[]::new));
    }

    @Override
    public String toString() {
        return this == NONE ? "none" : name();
    }
}
