package org.zoolab.data;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Channel order, conversions and refusals of the decoder, on images whose pixel values the test chose. */
class ImageDecoderTest {
    private final ImageDecoder rgb = ImageDecoder.rgb();

    @Test
    void pureRedLoadsAsChannelZero() throws Exception {
        ImageDecoder.Decoded d = rgb.decode(TestImages.png(TestImages.solid(4, 3, 255, 0, 0)));
        assertThat(d.image().shape()).isEqualTo("3x3x4");
        assertThat(d.image().get(0, 1, 1)).isEqualTo(255f);
        assertThat(d.image().get(1, 1, 1)).isEqualTo(0f);
        assertThat(d.image().get(2, 1, 1)).isEqualTo(0f);
        assertThat(d.conversion()).isNull();
        assertThat(d.format()).isEqualTo("png");

        ImageDecoder.Decoded j = rgb.decode(TestImages.jpeg(TestImages.solid(16, 16, 255, 0, 0), 1.0f));
        assertThat(j.image().get(0, 8, 8)).isGreaterThan(250f);
        assertThat(j.image().get(2, 8, 8)).isLessThan(5f);
        assertThat(j.format()).isEqualTo("jpeg");
    }

    @Test
    void pixelsKeepTheirPlaceAndColour() throws Exception {
        BufferedImage img = TestImages.solid(5, 4, 0, 0, 0);
        img.setRGB(0, 0, 0xff0000);   // top-left red
        img.setRGB(4, 0, 0x00ff00);   // top-right green
        img.setRGB(0, 3, 0x0000ff);   // bottom-left blue
        img.setRGB(4, 3, 0x102030);
        FloatImage f = rgb.decode(TestImages.png(img)).image();
        assertThat(new float[]{f.get(0, 0, 0), f.get(1, 0, 0), f.get(2, 0, 0)}).containsExactly(255, 0, 0);
        assertThat(new float[]{f.get(0, 0, 4), f.get(1, 0, 4), f.get(2, 0, 4)}).containsExactly(0, 255, 0);
        assertThat(new float[]{f.get(0, 3, 0), f.get(1, 3, 0), f.get(2, 3, 0)}).containsExactly(0, 0, 255);
        assertThat(new float[]{f.get(0, 3, 4), f.get(1, 3, 4), f.get(2, 3, 4)}).containsExactly(16, 32, 48);
    }

    @Test
    void sixteenBitPngIsConvertedToEightBits() throws Exception {
        ImageDecoder.Decoded d = rgb.decode(TestImages.png(TestImages.rgb16(3, 2, 65535, 32896, 257)));
        assertThat(d.image().get(0, 0, 0)).isEqualTo(255f);
        assertThat(d.image().get(1, 1, 2)).isEqualTo(128f);
        assertThat(d.image().get(2, 0, 1)).isEqualTo(1f);
        assertThat(d.conversion()).isEqualTo("16-bit -> 8-bit");
    }

    @Test
    void greyscaleIsCopiedIntoRgbWithoutGammaChange() throws Exception {
        ImageDecoder.Decoded png = rgb.decode(TestImages.png(TestImages.grey(4, 4, 100)));
        for (int c = 0; c < 3; c++) {
            assertThat(png.image().get(c, 2, 2)).isEqualTo(100f);
        }
        assertThat(png.conversion()).isEqualTo("grayscale -> RGB");
        ImageDecoder.Decoded jpg = rgb.decode(TestImages.jpeg(TestImages.grey(16, 16, 100), 0.95f));
        for (int c = 0; c < 3; c++) {
            assertThat(jpg.image().get(c, 8, 8)).isCloseTo(100f, within(1f));
        }
        assertThat(jpg.conversion()).isEqualTo("grayscale -> RGB");
    }

    @Test
    void alphaIsDroppedAndTheColourUnderItKept() throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x000a141e);            // fully transparent (10, 20, 30)
        img.setRGB(1, 1, 0x80ff8000);            // half transparent orange
        ImageDecoder.Decoded d = rgb.decode(TestImages.png(img));
        FloatImage f = d.image();
        assertThat(new float[]{f.get(0, 0, 0), f.get(1, 0, 0), f.get(2, 0, 0)}).containsExactly(10, 20, 30);
        assertThat(new float[]{f.get(0, 1, 1), f.get(1, 1, 1), f.get(2, 1, 1)}).containsExactly(255, 128, 0);
        assertThat(d.conversion()).isEqualTo("alpha dropped");
    }

    @Test
    void paletteImagesDecodeToTheirColours() throws Exception {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[]{0, (byte) 200}, new byte[]{0, 100}, new byte[]{0, 50});
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        img.getRaster().setSample(2, 0, 0, 1);
        FloatImage f = rgb.decode(TestImages.png(img)).image();
        assertThat(new float[]{f.get(0, 0, 2), f.get(1, 0, 2), f.get(2, 0, 2)}).containsExactly(200, 100, 50);
        assertThat(new float[]{f.get(0, 0, 0), f.get(1, 0, 0), f.get(2, 0, 0)}).containsExactly(0, 0, 0);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        // 4-channel JPEG written by the JDK writer with an Adobe marker: C = 255, M = Y = K = 0 (pure cyan ink)
        byte[] cmyk = cmykJpeg(new int[]{255, 0, 0, 0});
        ImageDecoder.Decoded d = rgb.decode(cmyk);
        assertThat(d.conversion()).isEqualTo("CMYK -> RGB");
        FloatImage f = d.image();
        // cyan: little red, much green and blue (exact values depend on the CMYK profile)
        assertThat(f.get(0, 4, 4)).isLessThan(100f);
        assertThat(f.get(1, 4, 4)).isGreaterThan(120f);
        assertThat(f.get(2, 4, 4)).isGreaterThan(180f);
    }

    static byte[] cmykJpeg(int[] cmyk) throws Exception {
        return cmykJpeg(cmyk, 8);
    }

    static byte[] cmykJpeg(int[] cmyk, int size) throws Exception {
        WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, size, size, 4, null);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // Adobe CMYK JPEGs store inverted ink values
                raster.setPixel(x, y, new int[]{255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]});
            }
        }
        ImageWriter w = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter cand = it.next();
            if (cand.getClass().getName().startsWith("com.sun.imageio")) {
                w = cand;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(raster, null, null), null);
        }
        return out.toByteArray();
    }

    @Test
    void oneChannelPipelinesGetLuma() throws Exception {
        ImageDecoder grey = new ImageDecoder(1, ImageDecoder.DEFAULT_MAX_PIXELS);
        ImageDecoder.Decoded d = grey.decode(TestImages.png(TestImages.solid(2, 2, 200, 100, 50)));
        assertThat(d.image().shape()).isEqualTo("1x2x2");
        assertThat(d.image().get(0, 0, 0)).isEqualTo((float) Math.rint(0.299 * 200 + 0.587 * 100 + 0.114 * 50));
        assertThat(d.conversion()).isEqualTo("RGB -> grayscale");
        assertThat(grey.decode(TestImages.png(TestImages.grey(2, 2, 77))).conversion()).isNull();
    }

    @Test
    void emptyFileIsRefused() {
        assertThatThrownBy(() -> rgb.decode(new byte[0])).isInstanceOf(BadImageException.class)
                .hasMessage("empty file (0 bytes)");
    }

    @Test
    void textFileIsNotAnImage() {
        byte[] text = "hello, this is not a JPEG at all\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> rgb.decode(text)).isInstanceOf(BadImageException.class)
                .hasMessage("not an image (no decoder recognises the content; it starts with text: \"hello, this is not a JPE\")");
    }

    @Test
    void truncatedJpegIsRefused() {
        byte[] full = TestImages.jpeg(noise(64, 64), 0.9f);
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> rgb.decode(cut)).isInstanceOf(BadImageException.class)
                .hasMessageStartingWith("truncated or corrupt");
    }

    @Test
    void truncatedPngIsRefused() {
        byte[] full = TestImages.png(noise(64, 64));
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> rgb.decode(cut)).isInstanceOf(BadImageException.class)
                .hasMessageStartingWith("truncated or corrupt");
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() {
        byte[] bomb = TestImages.pngHeaderOnly(100_000, 100_000);
        assertThatThrownBy(() -> rgb.decode(bomb)).isInstanceOf(BadImageException.class)
                .hasMessage("declared size 100000x100000 (10000 megapixels) exceeds the 50-megapixel limit (decompression bomb?)");
    }

    @Test
    void realPhotoKeepsItsColours() throws Exception {
        // skimage's "chelsea" (CC0, Stefan van der Walt), 451x300, re-encoded as JPEG: an orange tabby cat.
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/photos/chelsea.jpg")) {
            bytes = in.readAllBytes();
        }
        FloatImage f = rgb.decode(bytes).image();
        assertThat(f.shape()).isEqualTo("3x300x451");
        double[] mean = new double[3];
        int plane = 300 * 451;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                mean[c] += f.data()[c * plane + i] / plane;
            }
        }
        assertThat(mean[0]).isGreaterThan(mean[1]).isGreaterThan(mean[2]); // warm photo: R > G > B, never blue-tinted
        BufferedImage ref = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        for (int[] p : new int[][]{{0, 0}, {450, 0}, {0, 299}, {225, 150}}) {
            int argb = ref.getRGB(p[0], p[1]);
            assertThat(f.get(0, p[1], p[0])).isEqualTo((argb >> 16) & 0xff);
            assertThat(f.get(2, p[1], p[0])).isEqualTo(argb & 0xff);
        }
    }

    static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }
}
