package org.zoolab.data;

/** Divides every value by a constant (e.g. 255, to feed MNIST pixels in [0, 1]). */
public final class ScaleValues implements ValueTransform {
    private final float divisor;

    public ScaleValues(float divisor) {
        if (!(divisor > 0)) {
            throw new IllegalArgumentException("divisor must be > 0, not " + divisor);
        }
        this.divisor = divisor;
    }

    @Override
    public void apply(FloatImage img) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] /= divisor;
        }
    }

    @Override
    public String describe() {
        return "scale-values divide-by " + divisor;
    }
}
