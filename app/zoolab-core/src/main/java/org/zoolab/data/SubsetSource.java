package org.zoolab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Some examples of another source, by index: the training or the held-out part of a class-folder tree that has
 * no separate validation folder. Class names (and so labels) are those of the whole source, so a class whose
 * images all fall in one part keeps its index.
 */
public final class SubsetSource implements ImageSource {
    private final ImageSource base;
    private final int[] indices;
    private final String part;

    /**
     * @param base    the whole source
     * @param indices indices into {@code base}, in the order this source numbers them
     * @param part    what this part is, for messages ("held out", "training part")
     */
    public SubsetSource(ImageSource base, int[] indices, String part) {
        this.base = base;
        this.indices = indices.clone();
        this.part = part;
    }

    /**
     * Splits a source into {training, held out}: {@code holdout} examples are held out, taken round-robin over
     * the classes (so each class gives about the same share), within a class in an order fixed by the example
     * names alone (a hash, not the run's seed), so the split is the same for every run on the same files.
     */
    public static SubsetSource[] holdOut(ImageSource base, int holdout) {
        int n = base.size();
        if (holdout <= 0 || holdout >= n) {
            throw new IllegalArgumentException("holdout must be in [1, " + (n - 1) + "], got " + holdout);
        }
        int classes = Math.max(1, base.classNames().size());
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get(Math.max(0, base.label(i))).add(i);
        }
        for (List<Integer> list : byClass) {
            list.sort(Comparator.comparingLong((Integer i) -> nameHash(base.name(i))).thenComparing(base::name));
        }
        boolean[] held = new boolean[n];
        int taken = 0;
        for (int round = 0; taken < holdout; round++) {
            for (int c = 0; c < classes && taken < holdout; c++) {
                List<Integer> list = byClass.get(c);
                if (round < list.size()) {
                    held[list.get(round)] = true;
                    taken++;
                }
            }
        }
        int[] train = new int[n - holdout];
        int[] val = new int[holdout];
        int t = 0;
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                val[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new SubsetSource[]{new SubsetSource(base, train, "training part"), new SubsetSource(base, val, "held out")};
    }

    private static long nameHash(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    /** The whole source this is part of. */
    public ImageSource base() {
        return base;
    }

    /** The indices into {@link #base()}. */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Sample load(int index) throws BadImageException {
        return base.load(indices[index]);
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public String name(int index) {
        return base.name(indices[index]);
    }

    @Override
    public String describe() {
        return indices.length + " images (" + part + ") of " + base.describe();
    }

    @Override
    public String fingerprint() {
        return base.fingerprint() + "/" + part.replace(' ', '-') + "-" + Integer.toHexString(Arrays.hashCode(indices));
    }

    @Override
    public Path statsDir() {
        return base.statsDir();
    }

    @Override
    public int[] fixedSize() {
        return base.fixedSize();
    }
}
