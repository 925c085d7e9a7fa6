package org.diffusionexplorer.io.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Animated GIF (GIF89a): one global colour table or one per frame, optional Floyd–Steinberg dithering, per-frame
 * delays in 1/100 s (rounding carried over so the total duration is right), and the NETSCAPE2.0 loop extension.
 * LZW as in the GIF89a specification, appendix F; 8-bit codes, a clear code when the table is full.
 */
final class GifEncoder implements FrameEncoder {
    private final OutputStream out;
    private final int w, h;
    private final Palette global;
    private final boolean dither;
    private double owedCentis;

    /**
     * @param globalFrom frames to build the global table from (null: a table per frame)
     * @param loops      0 for endless, n for n plays, −1 for no loop extension
     */
    GifEncoder(Path file, int w, int h, List<int[]> globalFrom, boolean dither, int loops) throws IOException {
        if (w > 65535 || h > 65535) throw new IllegalArgumentException("GIF frames are at most 65535 px a side");
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.w = w;
        this.h = h;
        this.dither = dither;
        this.global = globalFrom == null ? null : Palette.of(globalFrom);
        out.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
        short16(w);
        short16(h);
        out.write(global != null ? 0xF7 : 0x70); // global table of 256 entries, 8-bit colour resolution
        out.write(0);
        out.write(0);
        if (global != null) table(global);
        if (loops >= 0) {
            out.write(new byte[]{0x21, (byte) 0xFF, 0x0B});
            out.write("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[]{3, 1});
            short16(loops);
            out.write(0);
        }
    }

    @Override
    public void add(int[] argb, double seconds, String label) throws IOException {
        owedCentis += seconds * 100;
        int delay = (int) Math.max(1, Math.round(owedCentis));
        owedCentis -= delay;
        Palette p = global != null ? global : Palette.of(List.of(argb));
        byte[] idx = p.map(argb, w, h, dither);
        out.write(new byte[]{0x21, (byte) 0xF9, 4, 1 << 2}); // graphic control: do not dispose
        short16(delay);
        out.write(0);
        out.write(0);
        out.write(0x2C);
        short16(0);
        short16(0);
        short16(w);
        short16(h);
        out.write(global != null ? 0 : 0x87);
        if (global == null) table(p);
        lzw(idx);
    }

    private void table(Palette p) throws IOException {
        byte[] t = new byte[768];
        for (int i = 0; i < p.size(); i++) {
            int c = p.color(i);
            t[3 * i] = (byte) (c >> 16);
            t[3 * i + 1] = (byte) (c >> 8);
            t[3 * i + 2] = (byte) c;
        }
        out.write(t);
    }

    private void short16(int v) throws IOException {
        out.write(v & 255);
        out.write((v >> 8) & 255);
    }

    // ---- LZW with variable-length codes, packed LSB first into 255-byte sub-blocks
    private final byte[] block = new byte[255];
    private int blockLen, bitBuf, bitCount;

    private void lzw(byte[] data) throws IOException {
        final int minBits = 8, clear = 1 << minBits, end = clear + 1;
        out.write(minBits);
        int[] table = new int[1 << 13]; // hash: (prefix << 8 | byte) + 1 → code + 1 in the upper bits
        int[] codes = new int[table.length];
        int next = end + 1, bits = minBits + 1;
        blockLen = 0;
        bitBuf = 0;
        bitCount = 0;
        emit(clear, bits);
        int prefix = data[0] & 0xFF;
        for (int i = 1; i < data.length; i++) {
            int b = data[i] & 0xFF, key = (prefix << 8 | b) + 1;
            int hsh = (key * 0x9E3779B1 >>> 19);
            while (table[hsh] != 0 && table[hsh] != key) hsh = (hsh + 1) & (table.length - 1);
            if (table[hsh] == key) {
                prefix = codes[hsh];
                continue;
            }
            emit(prefix, bits);
            if (next < 4096) {
                table[hsh] = key;
                codes[hsh] = next;
                if (next == (1 << bits) && bits < 12) bits++;
                next++;
            } else {
                emit(clear, bits);
                Arrays.fill(table, 0);
                next = end + 1;
                bits = minBits + 1;
            }
            prefix = b;
        }
        emit(prefix, bits);
        if (next == (1 << bits) && bits < 12) bits++; // the decoder adds an entry on reading that last code
        emit(end, bits);
        if (bitCount > 0) byteOut(bitBuf & 0xFF);
        if (blockLen > 0) flushBlock();
        out.write(0);
    }

    private void emit(int code, int bits) throws IOException {
        bitBuf |= code << bitCount;
        bitCount += bits;
        while (bitCount >= 8) {
            byteOut(bitBuf & 0xFF);
            bitBuf >>>= 8;
            bitCount -= 8;
        }
    }

    private void byteOut(int b) throws IOException {
        block[blockLen++] = (byte) b;
        if (blockLen == 255) flushBlock();
    }

    private void flushBlock() throws IOException {
        out.write(blockLen);
        out.write(block, 0, blockLen);
        blockLen = 0;
    }

    @Override
    public void finish() throws IOException {
        out.write(0x3B);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
