package io.featuredrop.data;

import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A rectangle, triangle or ellipse in a random grey level (random colour on RGB images), alpha
 * 0.7 (the paper's 180/255), placed in the middle third of the image.
 */
public final class ShapeOverlay implements Overlay {

    public static final String[] SHAPES = {"rectangle", "triangle", "ellipse"};
    private static final TaskInfo TASK = new TaskInfo("shape", SHAPES.length);
    private static final float ALPHA = 180f / 255f;

    @Override
    public TaskInfo task() {
        return TASK;
    }

    @Override
    public int draw(float[] image, int offset, int channels, int height, int width, Split split, SplittableRandom random) {
        int shape = random.nextInt(SHAPES.length);
        float[] colour = OverlayPaint.randomColour(channels, random);
        // the shape's box lies inside the middle third, its size between half and all of that third
        double third = Math.min(height, width) / 3.0;
        double side = third * (0.5 + 0.5 * random.nextDouble());
        double x0 = width / 3.0 + (third - side) * random.nextDouble();
        double y0 = height / 3.0 + (third - side) * random.nextDouble();
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(java.awt.Color.WHITE);
            switch (shape) {
                case 0 -> g.fill(new Rectangle2D.Double(x0, y0, side, side * (0.6 + 0.4 * random.nextDouble())));
                case 1 -> g.fill(triangle(x0, y0, side));
                default -> g.fill(new Ellipse2D.Double(x0, y0, side, side * (0.6 + 0.4 * random.nextDouble())));
            }
        } finally {
            g.dispose();
        }
        OverlayPaint.blend(image, offset, channels, height, width, Masks.of(canvas), height, width, 0, 0, ALPHA, colour);
        return shape;
    }

    private static Polygon triangle(double x0, double y0, double side) {
        Polygon p = new Polygon();
        p.addPoint((int) Math.round(x0 + side / 2), (int) Math.round(y0));
        p.addPoint((int) Math.round(x0), (int) Math.round(y0 + side));
        p.addPoint((int) Math.round(x0 + side), (int) Math.round(y0 + side));
        return p;
    }
}
