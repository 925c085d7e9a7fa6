import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the application icon: a small picture (a sun over hills) that dissolves into Gaussian noise from left to
 * right, x_t = sqrt(abar)·x0 + sqrt(1 − abar)·eps with abar falling along the cosine schedule across the width,
 * inside a rounded square. Writes icon.png (512²), icon-256.png, icon.ico (Windows) and icon.icns (macOS).
 * Deterministic (seeded noise). Run: java installer/icon/MakeIcon.java installer/icon
 */
public final class MakeIcon {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        BufferedImage big = draw(512);
        ImageIO.write(big, "png", dir.resolve("icon.png").toFile());
        byte[] p256 = png(draw(256)), p512 = png(big), p128 = png(draw(128)), p48 = png(draw(48)), p32 = png(draw(32));
        Files.write(dir.resolve("icon-256.png"), p256);
        Files.write(dir.resolve("icon.ico"), ico(new byte[][] {p32, p48, p128, p256}, new int[] {32, 48, 128, 256}));
        Files.write(dir.resolve("icon.icns"), icns(new String[] {"ic07", "ic08", "ic09"}, new byte[][] {p128, p256, p512}));
    }

    static BufferedImage draw(int size) {
        // the clean picture x0, drawn at full size
        BufferedImage x0 = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = x0.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float s = size;
        g.setPaint(new GradientPaint(0, 0, new Color(0x3a6df0), 0, s, new Color(0xf2a65a)));
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(0xfff1c1));
        g.fill(new Ellipse2D.Float(s * 0.16f, s * 0.16f, s * 0.36f, s * 0.36f));
        Path2D hills = new Path2D.Float();
        hills.moveTo(0, s * 0.72);
        hills.curveTo(s * 0.25, s * 0.52, s * 0.45, s * 0.60, s * 0.62, s * 0.70);
        hills.curveTo(s * 0.78, s * 0.62, s * 0.9, s * 0.58, s, s * 0.64);
        hills.lineTo(s, s);
        hills.lineTo(0, s);
        hills.closePath();
        g.setColor(new Color(0x1f6f4a));
        g.fill(hills);
        g.dispose();

        // x_t: the cosine schedule's abar from 1 (left) to ~0 (right), the same seeded noise for every pixel row
        BufferedImage xt = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Random rnd = new Random(7);
        int block = Math.max(1, size / 64); // noise grains of a visible size
        double[][] eps = new double[size / block + 1][(size / block + 1) * 3];
        for (double[] row : eps) for (int i = 0; i < row.length; i++) row[i] = rnd.nextGaussian();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = Math.min(1, Math.max(0, (x / s - 0.18) / 0.78));
                double f = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
                double abar = f * f / Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
                int c = x0.getRGB(x, y), out = 0xff000000;
                for (int ch = 0; ch < 3; ch++) {
                    double v = ((c >> (16 - 8 * ch)) & 0xff) / 127.5 - 1;
                    double n = eps[y / block][(x / block) * 3 + ch];
                    double w = Math.sqrt(abar) * v + Math.sqrt(1 - abar) * n;
                    int b = (int) Math.round(Math.max(-1, Math.min(1, w)) * 127.5 + 127.5);
                    out |= b << (16 - 8 * ch);
                }
                xt.setRGB(x, y, out);
            }
        }

        // inside a rounded square with a thin rim, transparent outside
        BufferedImage icon = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D h = icon.createGraphics();
        h.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float m = s * 0.06f, r = s * 0.2f;
        RoundRectangle2D shape = new RoundRectangle2D.Float(m, m, s - 2 * m, s - 2 * m, r, r);
        h.setClip(shape);
        h.drawImage(xt, 0, 0, null);
        h.setClip(null);
        h.setColor(new Color(255, 255, 255, 90));
        h.setStroke(new BasicStroke(Math.max(1f, s / 128f)));
        h.draw(shape);
        h.dispose();
        return icon;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** An .ico whose entries are PNGs (Windows Vista and later). */
    static byte[] ico(byte[][] pngs, int[] sizes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int offset = 6 + 16 * pngs.length;
        bytes.write(le16(0)); bytes.write(le16(1)); bytes.write(le16(pngs.length));
        for (int i = 0; i < pngs.length; i++) {
            int d = sizes[i] >= 256 ? 0 : sizes[i];
            bytes.write(d); bytes.write(d); bytes.write(0); bytes.write(0);
            bytes.write(le16(1)); bytes.write(le16(32));
            bytes.write(le32(pngs[i].length)); bytes.write(le32(offset));
            offset += pngs[i].length;
        }
        for (byte[] p : pngs) bytes.write(p);
        return bytes.toByteArray();
    }

    /** An .icns with PNG entries (ic07 128², ic08 256², ic09 512²). */
    static byte[] icns(String[] types, byte[][] pngs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (int i = 0; i < pngs.length; i++) {
            d.writeBytes(types[i]);
            d.writeInt(8 + pngs[i].length);
            d.write(pngs[i]);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream a = new DataOutputStream(all);
        a.writeBytes("icns");
        a.writeInt(8 + body.size());
        a.write(body.toByteArray());
        return all.toByteArray();
    }

    static byte[] le16(int v) { return new byte[] {(byte) v, (byte) (v >> 8)}; }
    static byte[] le32(int v) { return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}; }
}
