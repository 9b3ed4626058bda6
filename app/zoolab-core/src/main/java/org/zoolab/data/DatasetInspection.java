package org.zoolab.data;

import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a class-folder tree holds, found by decoding every file (so truncated files are found too): images per
 * class, image sizes, colour kinds (what the decoder had to convert), and the bad files.
 *
 * @param classCounts usable images per class id, in label order
 * @param colours     how many images of each kind: "RGB 8-bit" or the decoder's conversion ("grayscale -> RGB" ...)
 * @param sizes       "WxH" to count, most common first
 * @param widths      sorted widths of the usable images
 * @param heights     sorted heights of the usable images
 */
public record DatasetInspection(Map<String, Integer> classCounts, Map<String, Integer> colours, Map<String, Integer> sizes,
                                int[] widths, int[] heights) {

    /** Decodes every image of the source with {@code threads} threads; bad files go to the report. */
    public static DatasetInspection run(ClassFolderReader source, int threads, BadFileReport report) {
        int n = source.size();
        int[] w = new int[n];
        int[] h = new int[n];
        boolean[] ok = new boolean[n];
        Map<String, Integer> colours = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int t = 0; t < Math.max(1, threads); t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                        try {
                            Sample s = source.load(i);
                            w[i] = s.image().width();
                            h[i] = s.image().height();
                            ok[i] = true;
                            String kind = s.conversion() == null ? "RGB 8-bit" : s.conversion();
                            colours.merge(kind, 1, Integer::sum);
                            if (s.conversion() != null) {
                                report.converted(s.name(), s.conversion());
                            }
                        } catch (BadImageException e) {
                            report.skipped(source.name(i), e.reason());
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "zoolab-inspect-" + t);
            th.setDaemon(true);
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String id : source.classIds()) {
            counts.put(id, 0);
        }
        Map<String, Integer> sizes = new TreeMap<>();
        List<Integer> ws = new ArrayList<>();
        List<Integer> hs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ok[i]) {
                counts.merge(source.classIds().get(source.label(i)), 1, Integer::sum);
                sizes.merge(w[i] + "x" + h[i], 1, Integer::sum);
                ws.add(w[i]);
                hs.add(h[i]);
            }
        }
        Collections.sort(ws);
        Collections.sort(hs);
        Map<String, Integer> bySize = new LinkedHashMap<>();
        sizes.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> bySize.put(e.getKey(), e.getValue()));
        Map<String, Integer> byColour = new LinkedHashMap<>();
        colours.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> byColour.put(e.getKey(), e.getValue()));
        return new DatasetInspection(counts, byColour, bySize, ws.stream().mapToInt(Integer::intValue).toArray(),
                hs.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Number of usable images. */
    public int usable() {
        return widths.length;
    }
}
