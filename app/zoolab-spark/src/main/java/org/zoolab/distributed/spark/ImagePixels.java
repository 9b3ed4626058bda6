package org.zoolab.distributed.spark;

import org.zoolab.BadInputException;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.Serializable;

/**
 * How an image becomes a network input: resized (bilinear) to {@code height x width}, converted to grey
 * (1 channel: 0.299 R + 0.587 G + 0.114 B) or RGB (3 channels), pixels scaled to [0, 1], CHW order. This is the scaling of zoolab's
 * MNIST, Fashion-MNIST and CIFAR-10 iterators, so models trained on them score plain image files correctly, and
 * the same preprocessing as {@code zoolab predict}.
 *
 * @param channels 1 or 3
 * @param height   the network's input height
 * @param width    the network's input width
 * @param pad      zero pixels around the image: it is resized to {@code (height-2pad) x (width-2pad)} first
 *                 (2 for MNIST's 28x28 digits in LeNet-5's 32x32 input, as zoolab trains it)
 */
public record ImagePixels(int channels, int height, int width, int pad) implements Serializable {
    public ImagePixels {
        if (height < 1 || width < 1) throw new BadInputException("image size must be positive, got " + height + "x" + width);
        if (pad < 0 || 2 * pad >= Math.min(height, width)) {
            throw new BadInputException("--pad must be between 0 and " + ((Math.min(height, width) - 1) / 2) + ", got " + pad);
        }
        if (channels != 1 && channels != 3) {
            throw new BadInputException("images have 1 (grey) or 3 (RGB) channels, got " + channels);
        }
    }

    /** The image as {@code channels*height*width} floats in [0, 1], CHW. */
    public float[] toInput(BufferedImage image) {
        int h = height - 2 * pad, w = width - 2 * pad;
        // drawn into RGB first: that keeps a grey image's values (BufferedImage.getRGB on a TYPE_BYTE_GRAY image
        // would pass them through a linear-to-sRGB conversion: 64 reads as 137)
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        float[] out = new float[channels * height * width];
        int plane = height * width;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = rgb.getRGB(x, y);
                float r = ((v >> 16) & 0xff) / 255f, gr = ((v >> 8) & 0xff) / 255f, b = (v & 0xff) / 255f;
                int at = (y + pad) * width + x + pad;
                if (channels == 1) {
                    out[at] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    out[at] = r;
                    out[plane + at] = gr;
                    out[2 * plane + at] = b;
                }
            }
        }
        return out;
    }
}
