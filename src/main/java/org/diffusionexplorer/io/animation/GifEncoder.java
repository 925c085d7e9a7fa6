package org.diffusionexplorer.io.animation;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Animated GIF with the JDK's writer: a GraphicControlExtension per frame (delay in 1/100 s) and the NETSCAPE2.0
 * application extension on the first frame for an endless loop. Frames are quantised by the JDK writer.
 */
public final class GifEncoder implements Closeable {
    private final ImageWriter writer;
    private final ImageOutputStream out;
    private final int delayCentis;
    private final boolean loop;
    private boolean first = true;

    public GifEncoder(OutputStream target, double fps, boolean loop) throws IOException {
        if (!(fps > 0 && fps <= 100)) throw new IllegalArgumentException("fps must be between 0 and 100 (got " + fps + ")");
        this.writer = ImageIO.getImageWritersByFormatName("gif").next();
        this.out = new javax.imageio.stream.MemoryCacheImageOutputStream(target);
        this.delayCentis = Math.max(2, (int) Math.round(100.0 / fps));
        this.loop = loop;
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
    }

    public void addFrame(BufferedImage frame) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
        String fmt = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCentis));
        gce.setAttribute("transparentColorIndex", "0");
        if (first && loop) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[]{1, 0, 0});
            apps.appendChild(app);
        }
        meta.setFromTree(fmt, root);
        writer.writeToSequence(new IIOImage(frame, null, meta), param);
        first = false;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.endWriteSequence();
        } finally {
            writer.dispose();
            out.close();
        }
    }
}
