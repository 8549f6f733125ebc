package dev.pgwb.app.ui.sequence;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;

/**
 * The diagram as a picture for slides and documentation: PNG through ImageIO, SVG through
 * Batik's {@link SVGGraphics2D}. Both paint with the diagram's own paint code, so the file shows
 * what the screen shows; in the SVG, text stays text (searchable, selectable in a slide).
 */
public final class SequenceExport {
    private SequenceExport() {
    }

    /** What to export: the visible part of the diagram, or the lines of the selected round trip. */
    public enum Range { VISIBLE, ROUND_TRIP }

    public enum Format {
        PNG("png"), SVG("svg");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /** The area (diagram coordinates) a range covers; the visible area when the range has nothing to show. */
    public static Rectangle area(SequenceDiagram d, Range range) {
        Rectangle visible = d.getVisibleRect();
        if (visible.isEmpty()) {
            visible = new Rectangle(0, 0, Math.max(1, d.getWidth()), Math.max(1, d.getHeight()));
        }
        if (range == Range.VISIBLE || d.model() == null || d.selectedRow() < 0) {
            return visible;
        }
        SequenceModel.Trip t = d.model().tripOf(d.selectedRow());
        if (t == null) {
            return visible;
        }
        SequenceModel m = d.model();
        int first = m.lineOfRow(t.firstRow());
        int last = m.lineOfRow(t.readyRow());
        int lh = d.lineHeight();
        int top = first * lh; // the header is painted over the space above the first line
        int bottom = d.headerHeight() + (last + 1) * lh + lh / 3;
        return new Rectangle(visible.x, top, visible.width, bottom - top);
    }

    public static BufferedImage image(SequenceDiagram d, Rectangle area, boolean dark) {
        BufferedImage img = new BufferedImage(area.width, area.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.translate(-area.x, -area.y);
            d.paintDiagram(g, area, dark);
        } finally {
            g.dispose();
        }
        return img;
    }

    public static String svg(SequenceDiagram d, Rectangle area, boolean dark) {
        org.w3c.dom.Document doc;
        try {
            doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument("http://www.w3.org/2000/svg", "svg", null);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM in this Java runtime", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setComment("PG Wire Workbench sequence diagram");
        context.setEmbeddedFontsOn(false);
        SVGGraphics2D g = new SVGGraphics2D(context, false); // false: text stays <text>, not outlines
        g.setSVGCanvasSize(new java.awt.Dimension(area.width, area.height));
        g.translate(-area.x, -area.y);
        g.setClip(area);
        d.paintDiagram(g, area, dark);
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            g.stream(out, true);
        } catch (org.apache.batik.svggen.SVGGraphics2DIOException e) {
            throw new IllegalStateException("SVG could not be written: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** Writes {@code area} of the diagram to {@code file} in {@code format}. */
    public static void write(SequenceDiagram d, Rectangle area, boolean dark, Format format, Path file) throws IOException {
        if (format == Format.PNG) {
            if (!ImageIO.write(image(d, area, dark), "png", file.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        } else {
            Files.writeString(file, svg(d, area, dark), StandardCharsets.UTF_8);
        }
    }
}
