package org.zoolab.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.deeplearning4j.nn.conf.layers.PoolingType;

import java.util.List;

/**
 * The modules of Inception v3 (Szegedy et al. 2016), with torchvision's wiring ({@code InceptionA} ... {@code E}).
 * Every convolution is a {@link ConvUnit#bnRelu} unit (no bias, BN, ReLU); 3x3 pools of the A, C and E modules
 * are stride-1 average pools padded by 1. Branch outputs are concatenated in the order below. Widths are given
 * by the table ({@code widths:} of a module), in this order:
 * <ul>
 *   <li>A (figure 5; 35x35): 1x1; 1x1 → 5x5; 1x1 → 3x3 → 3x3; pool → 1x1.
 *       Widths: {@code [1x1, 5x5reduce, 5x5, dbl_reduce, dbl_3x3a, dbl_3x3b, pool_proj]}.</li>
 *   <li>B (35 → 17): 3x3/2; 1x1 → 3x3 → 3x3/2; 3x3/2 max pool (unpadded).
 *       Widths: {@code [3x3, dbl_reduce, dbl_3x3a, dbl_3x3b]}.</li>
 *   <li>C (figure 6; 17x17, 7x7 factorised into 1x7 and 7x1): 1x1; 1x1 → 1x7 → 7x1; 1x1 → 7x1 → 1x7 → 7x1 → 1x7;
 *       pool → 1x1. Widths: {@code [1x1, 7x7reduce, 7x7_1x7, 7x7_7x1, dbl_reduce, dbl_7x1a, dbl_1x7a, dbl_7x1b,
 *       dbl_1x7b, pool_proj]}.</li>
 *   <li>D (17 → 8): 1x1 → 3x3/2; 1x1 → 1x7 → 7x1 → 3x3/2; 3x3/2 max pool.
 *       Widths: {@code [3x3reduce, 3x3, 7x7x3reduce, 1x7, 7x1, 3x3b]}.</li>
 *   <li>E (figure 7; 8x8, expanded filter banks): 1x1; 1x1 → [1x3, 3x1]; 1x1 → 3x3 → [1x3, 3x1]; pool → 1x1.
 *       Widths: {@code [1x1, 3x3reduce, 3x3_1x3, 3x3_3x1, dbl_reduce, dbl_3x3, dbl_1x3, dbl_3x1, pool_proj]}.</li>
 * </ul>
 * Vertex names: {@code name.branch1x1}, {@code name.branch5x5_1}, ... (torchvision's attribute names); the
 * concatenation is the vertex {@code name}.
 */
public final class InceptionV3Modules {
    private InceptionV3Modules() {
    }

    /** The module types and how many widths each takes. */
    public enum Type {
        A(7, "1x1, 5x5reduce, 5x5, dbl_reduce, dbl_3x3a, dbl_3x3b, pool_proj"),
        B(4, "3x3, dbl_reduce, dbl_3x3a, dbl_3x3b"),
        C(10, "1x1, 7x7reduce, 7x7_1x7, 7x7_7x1, dbl_reduce, dbl_7x1a, dbl_1x7a, dbl_7x1b, dbl_1x7b, pool_proj"),
        D(6, "3x3reduce, 3x3, 7x7x3reduce, 1x7, 7x1, 3x3b"),
        E(9, "1x1, 3x3reduce, 3x3_1x3, 3x3_3x1, dbl_reduce, dbl_3x3, dbl_1x3, dbl_3x1, pool_proj");

        private final int widths;
        private final String order;

        Type(int widths, String order) {
            this.widths = widths;
            this.order = order;
        }

        /** How many widths a module of this type takes. */
        public int widths() {
            return widths;
        }

        /** The widths' meaning, in order. */
        public String order() {
            return order;
        }

        @JsonCreator
        public static Type fromTable(String value) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown module type '" + value + "'; expected one of: A, B, C, D, E");
        }
    }

    /** Adds module {@code m} after {@code input}; returns its output vertex ({@code name}). */
    public static String add(TrackedGraph g, String name, String input, InceptionV3Table.Module m, double eps) {
        List<Integer> w = m.widths();
        return switch (m.type()) {
            case A -> a(g, name, input, w, eps);
            case B -> b(g, name, input, w, eps);
            case C -> c(g, name, input, w, eps);
            case D -> d(g, name, input, w, eps);
            case E -> e(g, name, input, w, eps);
        };
    }

    private static String unit(TrackedGraph g, String name, String input, int filters, int kh, int kw, int stride,
                               double eps) {
        // "same" padding for stride 1 (kernel / 2 on each axis), none for the stride-2 reductions
        int ph = stride == 1 ? kh / 2 : 0;
        int pw = stride == 1 ? kw / 2 : 0;
        return ConvUnit.bnRelu(g, name, input, filters, kh, kw, stride, ph, pw, eps);
    }

    private static String avgPoolProj(TrackedGraph g, String name, String input, int filters, double eps) {
        String x = g.pool(name + ".branch_pool.avgpool", input, PoolingType.AVG, 3, 1, 1, g.key());
        return unit(g, name + ".branch_pool", x, filters, 1, 1, 1, eps);
    }

    private static String a(TrackedGraph g, String n, String in, List<Integer> w, double eps) {
        String b1 = unit(g, n + ".branch1x1", in, w.get(0), 1, 1, 1, eps);
        String b5 = unit(g, n + ".branch5x5_1", in, w.get(1), 1, 1, 1, eps);
        b5 = unit(g, n + ".branch5x5_2", b5, w.get(2), 5, 5, 1, eps);
        String d = unit(g, n + ".branch3x3dbl_1", in, w.get(3), 1, 1, 1, eps);
        d = unit(g, n + ".branch3x3dbl_2", d, w.get(4), 3, 3, 1, eps);
        d = unit(g, n + ".branch3x3dbl_3", d, w.get(5), 3, 3, 1, eps);
        return g.concat(n, b1, b5, d, avgPoolProj(g, n, in, w.get(6), eps));
    }

    private static String b(TrackedGraph g, String n, String in, List<Integer> w, double eps) {
        String b3 = unit(g, n + ".branch3x3", in, w.get(0), 3, 3, 2, eps);
        String d = unit(g, n + ".branch3x3dbl_1", in, w.get(1), 1, 1, 1, eps);
        d = unit(g, n + ".branch3x3dbl_2", d, w.get(2), 3, 3, 1, eps);
        d = unit(g, n + ".branch3x3dbl_3", d, w.get(3), 3, 3, 2, eps);
        String pool = g.pool(n + ".branch_pool", in, PoolingType.MAX, 3, 2, 0, g.key());
        return g.concat(n, b3, d, pool);
    }

    private static String c(TrackedGraph g, String n, String in, List<Integer> w, double eps) {
        String b1 = unit(g, n + ".branch1x1", in, w.get(0), 1, 1, 1, eps);
        String b7 = unit(g, n + ".branch7x7_1", in, w.get(1), 1, 1, 1, eps);
        b7 = unit(g, n + ".branch7x7_2", b7, w.get(2), 1, 7, 1, eps);
        b7 = unit(g, n + ".branch7x7_3", b7, w.get(3), 7, 1, 1, eps);
        String d = unit(g, n + ".branch7x7dbl_1", in, w.get(4), 1, 1, 1, eps);
        d = unit(g, n + ".branch7x7dbl_2", d, w.get(5), 7, 1, 1, eps);
        d = unit(g, n + ".branch7x7dbl_3", d, w.get(6), 1, 7, 1, eps);
        d = unit(g, n + ".branch7x7dbl_4", d, w.get(7), 7, 1, 1, eps);
        d = unit(g, n + ".branch7x7dbl_5", d, w.get(8), 1, 7, 1, eps);
        return g.concat(n, b1, b7, d, avgPoolProj(g, n, in, w.get(9), eps));
    }

    private static String d(TrackedGraph g, String n, String in, List<Integer> w, double eps) {
        String b3 = unit(g, n + ".branch3x3_1", in, w.get(0), 1, 1, 1, eps);
        b3 = unit(g, n + ".branch3x3_2", b3, w.get(1), 3, 3, 2, eps);
        String b7 = unit(g, n + ".branch7x7x3_1", in, w.get(2), 1, 1, 1, eps);
        b7 = unit(g, n + ".branch7x7x3_2", b7, w.get(3), 1, 7, 1, eps);
        b7 = unit(g, n + ".branch7x7x3_3", b7, w.get(4), 7, 1, 1, eps);
        b7 = unit(g, n + ".branch7x7x3_4", b7, w.get(5), 3, 3, 2, eps);
        String pool = g.pool(n + ".branch_pool", in, PoolingType.MAX, 3, 2, 0, g.key());
        return g.concat(n, b3, b7, pool);
    }

    private static String e(TrackedGraph g, String n, String in, List<Integer> w, double eps) {
        String b1 = unit(g, n + ".branch1x1", in, w.get(0), 1, 1, 1, eps);
        String b3 = unit(g, n + ".branch3x3_1", in, w.get(1), 1, 1, 1, eps);
        String b3a = unit(g, n + ".branch3x3_2a", b3, w.get(2), 1, 3, 1, eps);
        String b3b = unit(g, n + ".branch3x3_2b", b3, w.get(3), 3, 1, 1, eps);
        String d = unit(g, n + ".branch3x3dbl_1", in, w.get(4), 1, 1, 1, eps);
        d = unit(g, n + ".branch3x3dbl_2", d, w.get(5), 3, 3, 1, eps);
        String da = unit(g, n + ".branch3x3dbl_3a", d, w.get(6), 1, 3, 1, eps);
        String db = unit(g, n + ".branch3x3dbl_3b", d, w.get(7), 3, 1, 1, eps);
        return g.concat(n, b1, b3a, b3b, da, db, avgPoolProj(g, n, in, w.get(8), eps));
    }
}
