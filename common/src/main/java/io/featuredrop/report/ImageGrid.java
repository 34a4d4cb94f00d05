package io.featuredrop.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rows of C x H x W float images (values clipped to [0, 1]; 1 channel grey, 3 channels RGB) as one
 * PNG, each image scaled up by an integer factor with a 2-pixel gutter.
 */
public final class ImageGrid {

    private ImageGrid() {
    }

    /** {@code rows.get(r)} holds {@code columns} images; an optional {@code rowScale} per row multiplies values (e.g. |delta|). */
    public static void write(List<float[]> rows, int columns, int channels, int height, int width, int zoom, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png(rows, columns, channels, height, width, zoom));
    }

    /** The same grid as PNG bytes (for HTTP responses). */
    public static byte[] png(List<float[]> rows, int columns, int channels, int height, int width, int zoom) throws IOException {
        int gutter = 2;
        int cellW = width * zoom + gutter;
        int cellH = height * zoom + gutter;
        BufferedImage out = new BufferedImage(columns * cellW + gutter, rows.size() * cellH + gutter, BufferedImage.TYPE_INT_RGB);
        int size = channels * height * width;
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            for (int c = 0; c < columns && (c + 1) * size <= row.length; c++) {
                for (int y = 0; y < height * zoom; y++) {
                    for (int x = 0; x < width * zoom; x++) {
                        int p = (y / zoom) * width + (x / zoom);
                        int red = level(row[c * size + p]);
                        int green = channels == 3 ? level(row[c * size + height * width + p]) : red;
                        int blue = channels == 3 ? level(row[c * size + 2 * height * width + p]) : red;
                        out.setRGB(gutter + c * cellW + x, gutter + r * cellH + y, (red << 16) | (green << 8) | blue);
                    }
                }
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }

    private static int level(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }
}
