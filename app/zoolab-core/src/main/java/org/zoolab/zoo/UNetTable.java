package org.zoolab.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;
import java.util.Map;

/**
 * The U-Net table, {@code zoo-configs/unet.yaml}: Ronneberger, Fischer &amp; Brox 2015, figure 1.
 *
 * @param optimizer SGD settings
 * @param widths    filters of the two 3x3 convolutions at each level, top to bottom (the last is the bottom)
 * @param dropout   drop probability at the end of the contracting path (0 for none)
 * @param models    rows by model name
 */
public record UNetTable(PaperSgd optimizer, List<Integer> widths, double dropout, Map<String, Model> models) {

    public UNetTable {
        if (optimizer == null || models == null || models.isEmpty()) {
            throw new IllegalArgumentException("the table needs optimizer, widths, dropout and at least one model");
        }
        TableRows.checkPositive("widths", widths);
        if (widths.size() < 2) {
            throw new IllegalArgumentException("widths needs at least two levels (one contracting step and the bottom), got " + widths);
        }
        TableRows.checkProbability("dropout", dropout);
    }

    /** How the 3x3 convolutions pad: {@code valid} (none, the paper) or {@code same} (1 pixel, output size = input size). */
    public enum Padding {
        VALID(0), SAME(1);

        private final int pixels;

        Padding(int pixels) {
            this.pixels = pixels;
        }

        /** Zeros added on every side of a 3x3 convolution's input. */
        public int pixels() {
            return pixels;
        }

        @JsonCreator
        public static Padding fromTable(String value) {
            for (Padding p : values()) {
                if (p.name().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown padding '" + value + "'; expected one of: valid, same");
        }
    }

    /**
     * One model.
     *
     * @param aliases other names
     * @param paper   where it comes from
     * @param year    the paper's year
     * @param input   default input
     * @param classes default classes (channels of the per-pixel softmax)
     * @param padding padding of the 3x3 convolutions
     */
    public record Model(List<String> aliases, String paper, int year, FeatureShape input, int classes, Padding padding) implements ModelRow {
        public Model {
            TableRows.checkInputAndClasses(input, classes);
            if (padding == null) {
                throw new IllegalArgumentException("padding is required: valid or same");
            }
        }
    }
}
