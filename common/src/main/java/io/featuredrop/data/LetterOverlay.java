package io.featuredrop.data;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * One random letter A-Z in one random opaque grey level (colour on RGB), drawn once in each
 * quadrant at a random offset inside it, as in the paper's C+Letters (font size 12 on 32x32,
 * scaled for other sizes). The font is loaded from a file (DejaVu Sans Bold, Debian
 * fonts-dejavu-core) so the glyphs are the same on every machine.
 */
public final class LetterOverlay implements Overlay {

    private static final TaskInfo TASK = new TaskInfo("letter", 26);
    static final Path FONT_FILE = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    private final Font baseFont;

    public LetterOverlay() throws IOException {
        if (!Files.isRegularFile(FONT_FILE)) {
            throw new DatasetFormatException("letters need the font " + FONT_FILE
                    + " (Debian package fonts-dejavu-core; scripts/prepare-data.sh installs it)");
        }
        try {
            this.baseFont = Font.createFont(Font.TRUETYPE_FONT, FONT_FILE.toFile());
        } catch (FontFormatException e) {
            throw new DatasetFormatException("cannot read font " + FONT_FILE + ": " + e.getMessage());
        }
    }

    @Override
    public TaskInfo task() {
        return TASK;
    }

    @Override
    public int draw(float[] image, int offset, int channels, int height, int width, Split split, SplittableRandom random) {
        int letter = random.nextInt(26);
        float[] colour = OverlayPaint.randomColour(channels, random);
        float fontSize = 12f * Math.min(height, width) / 32f;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(baseFont.deriveFont(fontSize));
            g.setColor(java.awt.Color.WHITE);
            String text = String.valueOf((char) ('A' + letter));
            java.awt.FontMetrics metrics = g.getFontMetrics();
            int glyphWidth = metrics.stringWidth(text);
            int ascent = metrics.getAscent() * 3 / 4; // capitals use about 3/4 of the ascent
            int halfW = width / 2;
            int halfH = height / 2;
            for (int qy = 0; qy < 2; qy++) {
                for (int qx = 0; qx < 2; qx++) {
                    int slackX = Math.max(1, halfW - glyphWidth);
                    int slackY = Math.max(1, halfH - ascent);
                    int x = qx * halfW + random.nextInt(slackX);
                    int y = qy * halfH + ascent + random.nextInt(slackY);
                    g.drawString(text, x, y);
                }
            }
        } finally {
            g.dispose();
        }
        OverlayPaint.blend(image, offset, channels, height, width, Masks.of(canvas), height, width, 0, 0, 1f, colour);
        return letter;
    }
}
