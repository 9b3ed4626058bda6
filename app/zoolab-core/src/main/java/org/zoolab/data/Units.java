package org.zoolab.data;

import java.time.Duration;
import java.util.Locale;

/** Formats sizes and durations for one-line progress messages: binary units (KiB, MiB, GiB), seconds. */
public final class Units {
    private Units() {
    }

    /** "11.0 MiB": binary units, one decimal. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** "1.2 s". */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String since(long startNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
