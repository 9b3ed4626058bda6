package org.zoolab.cli;

import java.util.Locale;

/** How the CLI writes large counts: 4 significant digits and a K/M/G suffix, or exact with thousands separators. */
final class CountFormat {
    private CountFormat() {
    }

    /** {@code 61706 -> "61.71K"}, {@code 7609090048 -> "7.609G"}, {@code 850 -> "850"}. */
    static String human(long n) {
        if (Math.abs(n) < 1000) {
            return Long.toString(n);
        }
        String[] units = {"K", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        // 4 significant digits, but a rounding up to 1000 moves to the next unit
        String digits = v >= 100 ? String.format(Locale.ROOT, "%.1f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
        if (digits.startsWith("1000") && u < units.length - 1) {
            return String.format(Locale.ROOT, "%.3f", v / 1000) + units[u + 1];
        }
        return digits + units[u];
    }

    /** {@code 61706 -> "61,706"}. */
    static String exact(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
