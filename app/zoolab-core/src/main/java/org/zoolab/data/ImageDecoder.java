package org.zoolab.data;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Decodes an image file to a {@link FloatImage} in RGB order (or one grey channel), 8-bit values 0..255, with
 * Java ImageIO (the JDK's JPEG, PNG, BMP and GIF readers; the TwelveMonkeys JPEG reader that DataVec brings
 * in adds CMYK/YCCK JPEGs).
 * <p>
 * Why not DataVec's {@code NativeImageLoader}: it decodes with OpenCV into BGR order, and a bad file ends
 * in an exception deep inside JavaCV; here every problem is a {@link BadImageException} with a short reason.
 * <p>
 * What happens to each kind of input (pinned by {@code ImageDecoderTest}):
 * <ul>
 * <li>8-bit RGB, palette: decoded as is.</li>
 * <li>16-bit (PNG): converted to 8 bits, {@code round(v * 255 / 65535)}; noted as a conversion.</li>
 * <li>grayscale (JPEG, PNG): converted to RGB by copying the grey value into R, G and B (no gamma change).</li>
 * <li>alpha channel: dropped (the colour under it kept, as PIL's {@code convert("RGB")} does).</li>
 * <li>CMYK / YCCK JPEG: converted to RGB by the TwelveMonkeys reader (its ICC profile, or a generic one).</li>
 * <li>one-channel pipelines (MNIST-like) given colour files: luma {@code 0.299 R + 0.587 G + 0.114 B}.</li>
 * <li>skipped, with a reason: empty file, unreadable file, not an image, truncated or corrupt data, declared
 * size over the pixel limit (checked from the header, before any pixel is decoded).</li>
 * </ul>
 * Thread-safe: each call uses its own ImageIO reader.
 */
public final class ImageDecoder {
    /** The default refusal limit on declared image size: 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    static {
        ImageIO.setUseCache(false);
    }

    private final int channels;
    private final long maxPixels;

    /**
     * @param channels  3 for RGB output, 1 for one grey channel
     * @param maxPixels refuse images whose header declares more pixels than this
     */
    public ImageDecoder(int channels, long maxPixels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
        this.channels = channels;
        this.maxPixels = maxPixels;
    }

    /** RGB output, 50-megapixel limit. */
    public static ImageDecoder rgb() {
        return new ImageDecoder(3, DEFAULT_MAX_PIXELS);
    }

    public int channels() {
        return channels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * A decoded image and what was done to it on the way.
     *
     * @param image      CHW, RGB or grey, 0..255
     * @param format     the decoder's format name ("jpeg", "png" ...)
     * @param conversion null when the file was already what the pipeline wants, else e.g. "16-bit -> 8-bit"
     */
    public record Decoded(FloatImage image, String format, String conversion) {
    }

    /** Reads and decodes a file. */
    public Decoded decode(Path file) throws BadImageException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new BadImageException("unreadable file (permission denied)");
        } catch (NoSuchFileException e) {
            throw new BadImageException("unreadable file (no such file" + (Files.isSymbolicLink(file) ? ", dangling link)" : ")"));
        } catch (IOException e) {
            throw new BadImageException("unreadable file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw new BadImageException("unreadable file (too large to hold in memory)");
        }
        return decode(bytes);
    }

    /** Decodes the content of an image file. */
    public Decoded decode(byte[] bytes) throws BadImageException {
        if (bytes.length == 0) {
            throw new BadImageException("empty file (0 bytes)");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException("not an image (no decoder recognises the content" + textHint(bytes) + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new BadImageException("corrupt " + format + " header (declared size " + w + "x" + h + ")");
                }
                if (w * h > maxPixels) {
                    throw new BadImageException(String.format(Locale.ROOT,
                            "declared size %dx%d (%.0f megapixels) exceeds the %.0f-megapixel limit (decompression bomb?)",
                            w, h, w * h / 1e6, maxPixels / 1e6));
                }
                boolean cmyk = isCmyk(reader);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                for (String warning : warnings) {
                    String lower = warning.toLowerCase(Locale.ROOT);
                    if (lower.contains("premature") || lower.contains("truncat") || lower.contains("corrupt")) {
                        throw new BadImageException("truncated or corrupt " + format + " (" + warning.trim() + ")");
                    }
                }
                List<String> notes = new ArrayList<>();
                if (cmyk) {
                    notes.add("CMYK -> RGB");
                }
                FloatImage image = toFloat(img, notes);
                return new Decoded(image, format, notes.isEmpty() ? null : String.join(", ", notes));
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IIOException e) {
            throw new BadImageException("truncated or corrupt image data (" + rootMessage(e) + ")");
        } catch (IOException | RuntimeException e) {
            throw new BadImageException("corrupt image data (" + rootMessage(e) + ")");
        } catch (OutOfMemoryError e) {
            throw new BadImageException("image too large to decode in memory");
        }
    }

    private static boolean isCmyk(ImageReader reader) {
        try {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            return raw != null && raw.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Java2D's sRGB conversion of every pixel ({@link BufferedImage#getRGB}), into R, G and B planes of {@code rgb}. */
    private static void sRgbPlanes(BufferedImage img, float[] rgb) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                rgb[i] = (row[x] >> 16) & 0xff;
                rgb[plane + i] = (row[x] >> 8) & 0xff;
                rgb[2 * plane + i] = row[x] & 0xff;
            }
        }
    }

    private FloatImage toFloat(BufferedImage img, List<String> notes) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        int plane = w * h;
        float[] rgb = new float[3 * plane];
        boolean grey = false;
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getDataBuffer() instanceof DataBufferByte db
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            byte[] px = db.getData();
            for (int i = 0, p = 0; i < plane; i++, p += 3) {
                rgb[i] = px[p + 2] & 0xff;
                rgb[plane + i] = px[p + 1] & 0xff;
                rgb[2 * plane + i] = px[p] & 0xff;
            }
        } else if (cm instanceof IndexColorModel) {
            sRgbPlanes(img, rgb);
            if (cm.hasAlpha()) {
                notes.add("alpha dropped");
            }
        } else {
            ColorSpace cs = cm.getColorSpace();
            int colours = cm.getNumColorComponents();
            boolean direct = (cs.getType() == ColorSpace.TYPE_GRAY && colours == 1)
                    || (cs.isCS_sRGB() && colours == 3);
            if (direct) {
                int bits = cm.getComponentSize(0);
                double scale = 255.0 / ((1L << bits) - 1);
                if (bits != 8) {
                    notes.add(bits + "-bit -> 8-bit");
                }
                float[] band = new float[plane];
                for (int c = 0; c < colours; c++) {
                    raster.getSamples(0, 0, w, h, c, band);
                    int off = c * plane;
                    if (bits == 8) {
                        System.arraycopy(band, 0, rgb, off, plane);
                    } else {
                        for (int i = 0; i < plane; i++) {
                            rgb[off + i] = (float) Math.rint(band[i] * scale);
                        }
                    }
                }
                grey = colours == 1;
                if (cm.hasAlpha()) {
                    notes.add("alpha dropped");
                }
            } else {
                // other colour spaces (an embedded ICC profile, CMYK handed back as is): let Java2D convert to sRGB
                sRgbPlanes(img, rgb);
                if (cs.getType() == ColorSpace.TYPE_CMYK && !notes.contains("CMYK -> RGB")) {
                    notes.add("CMYK -> RGB");
                }
                if (cm.hasAlpha()) {
                    notes.add("alpha dropped");
                }
            }
        }
        if (channels == 1) {
            float[] out = new float[plane];
            if (grey) {
                System.arraycopy(rgb, 0, out, 0, plane);
            } else {
                for (int i = 0; i < plane; i++) {
                    out[i] = (float) Math.rint(0.299 * rgb[i] + 0.587 * rgb[plane + i] + 0.114 * rgb[2 * plane + i]);
                }
                notes.add("RGB -> grayscale");
            }
            return new FloatImage(1, h, w, out);
        }
        if (grey) {
            System.arraycopy(rgb, 0, rgb, plane, plane);
            System.arraycopy(rgb, 0, rgb, 2 * plane, plane);
            notes.add("grayscale -> RGB");
        }
        return new FloatImage(3, h, w, rgb);
    }

    private static String textHint(byte[] bytes) {
        int n = Math.min(bytes.length, 24);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) {
                return "";
            }
        }
        String start = new String(bytes, 0, n, StandardCharsets.US_ASCII).replaceAll("\\s+", " ").trim();
        return "; it starts with text: \"" + start + "\"";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null ? t.getClass().getSimpleName() : msg.trim();
    }
}
