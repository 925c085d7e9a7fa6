package org.diffusionexplorer.io.image;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Structural checks that the JDK's decoders skip: they decode a damaged file into a picture with a grey or black
 * part and say nothing (a bad PNG CRC is never checked; a truncated GIF or BMP is padded). The rule (ImageLoader):
 * a file that fails these checks, or whose decoder reports a warning, is refused as damaged, never shown in part.
 */
final class ImageIntegrity {
    private ImageIntegrity() {
    }

    /** What is wrong with the file's structure, or null. format: the reader's format name, lower case. */
    static String damage(String format, ImageInputStream in, long length) throws IOException {
        in.seek(0);
        try {
            if (format.equals("png")) return png(in, length);
            if (format.equals("gif")) return gif(in, length);
            if (format.equals("bmp")) return bmp(in, length);
            if (format.contains("jpeg") || format.contains("jpg")) return jpeg(in, length);
        } catch (EOFException e) {
            return "truncated";
        }
        return null;
    }

    /** Every chunk's CRC, and the file ending at IEND. */
    private static String png(ImageInputStream in, long len) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.skipBytes(8);
        byte[] buf = new byte[1 << 16];
        while (true) {
            long at = in.getStreamPosition();
            if (len >= 0 && at + 12 > len) return "truncated: it ends without an IEND chunk";
            long n = in.readUnsignedInt();
            byte[] type = new byte[4];
            in.readFully(type);
            if (len >= 0 && at + 12 + n > len) return "truncated inside a " + new String(type, StandardCharsets.ISO_8859_1) + " chunk";
            CRC32 crc = new CRC32();
            crc.update(type);
            for (long left = n; left > 0; ) {
                int k = (int) Math.min(buf.length, left);
                in.readFully(buf, 0, k);
                crc.update(buf, 0, k);
                left -= k;
            }
            if (in.readUnsignedInt() != crc.getValue()) {
                return "the CRC of a " + new String(type, StandardCharsets.ISO_8859_1).replaceAll("[^A-Za-z]", "?") + " chunk is wrong";
            }
            if (type[0] == 'I' && type[1] == 'E' && type[2] == 'N' && type[3] == 'D') return null;
        }
    }

    /** A GIF ends with the trailer byte 0x3B (what follows the last image); a cut file does not. */
    private static String gif(ImageInputStream in, long len) throws IOException {
        if (len < 14) return "truncated";
        in.seek(len - 1);
        return in.read() == 0x3B ? null : "truncated: it does not end with the GIF trailer";
    }

    /** Uncompressed BMP: the file must hold the pixel rows its header declares. */
    private static String bmp(ImageInputStream in, long len) throws IOException {
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        if (len < 54) return "truncated header";
        in.seek(10);
        long offset = in.readUnsignedInt();
        long headerSize = in.readUnsignedInt();
        if (headerSize < 40) return null; // OS/2 headers: left to the decoder
        long w = in.readInt(), h = Math.abs((long) in.readInt());
        in.readUnsignedShort();
        int bits = in.readUnsignedShort();
        long compression = in.readUnsignedInt();
        if (compression != 0 && compression != 3) return null; // RLE: lengths vary
        long stride = (w * bits + 31) / 32 * 4;
        long need = offset + stride * h;
        return len >= 0 && len < need ? String.format(Locale.ROOT, "truncated: %d×%d pixels need %,d bytes, the file has %,d", w, h, need, len) : null;
    }

    /** A JPEG ends with the EOI marker (FF D9), possibly followed by padding. */
    private static String jpeg(ImageInputStream in, long len) throws IOException {
        if (len < 4) return "truncated";
        int tail = (int) Math.min(len, 4096);
        byte[] b = new byte[tail];
        in.seek(len - tail);
        in.readFully(b);
        for (int i = tail - 2; i >= 0; i--) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) return null;
        }
        return "truncated: it ends without the end-of-image marker";
    }
}
