package org.diffusionexplorer.io.export;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Animated PNG (the APNG 1.0 specification): IHDR, acTL, then per frame fcTL and IDAT (first) or fdAT; 8-bit RGB,
 * each row filtered with the cheapest of None/Sub/Up/Paeth (the usual minimum-sum heuristic), deflated. The frame
 * count in acTL is patched at the end, so frames can stream. Delays are exact fractions of a second (ms).
 */
final class ApngEncoder implements FrameEncoder {
    private final Path file;
    private final OutputStream out;
    private final int w, h, loops;
    private final Deflater deflater;
    private int seq, frames;
    private byte[] prev, cur, best, trial;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final byte[] buf = new byte[1 << 16];

    ApngEncoder(Path file, int w, int h, int loops, int level) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.w = w;
        this.h = h;
        this.loops = loops;
        this.deflater = new Deflater(level);
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk("IHDR", ints(w, h), new byte[]{8, 2, 0, 0, 0});
        chunk("acTL", ints(0, loops)); // frame count patched in finish()
        prev = new byte[w * 3];
        cur = new byte[w * 3];
        best = new byte[w * 3 + 1];
        trial = new byte[w * 3 + 1];
    }

    @Override
    public void add(int[] argb, double seconds, String label) throws IOException {
        int ms = (int) Math.max(1, Math.round(seconds * 1000));
        byte[] fc = new byte[26];
        put(fc, 0, seq++);
        put(fc, 4, w);
        put(fc, 8, h);
        put(fc, 12, 0);
        put(fc, 16, 0);
        fc[20] = (byte) (ms >> 8);
        fc[21] = (byte) ms;
        fc[22] = (byte) (1000 >> 8);
        fc[23] = (byte) (1000 & 255);
        fc[24] = 0; // dispose: none
        fc[25] = 0; // blend: source
        if (ms > 65535) throw new IllegalArgumentException("an APNG frame lasts at most 65 s");
        chunk("fcTL", fc);
        byte[] data = compress(argb);
        if (frames == 0) {
            chunk("IDAT", data);
        } else {
            byte[] sn = ints(seq++);
            chunk("fdAT", sn, data);
        }
        frames++;
    }

    private byte[] compress(int[] argb) {
        raw.reset();
        Arrays.fill(prev, (byte) 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                cur[3 * x] = (byte) (p >> 16);
                cur[3 * x + 1] = (byte) (p >> 8);
                cur[3 * x + 2] = (byte) p;
            }
            long bestSum = Long.MAX_VALUE;
            for (int f = 0; f < 5; f++) {
                if (f == 3) continue; // Average rarely wins; skip it for speed
                long sum = filter(f, trial);
                if (sum < bestSum) {
                    bestSum = sum;
                    byte[] t = best;
                    best = trial;
                    trial = t;
                }
            }
            raw.write(best, 0, best.length);
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        deflater.reset();
        deflater.setInput(raw.toByteArray());
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.size() / 2 + 64);
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            z.write(buf, 0, n);
        }
        return z.toByteArray();
    }

    /** Filters the current row with type f into dst (type byte first); returns the sum of |signed bytes|. */
    private long filter(int f, byte[] dst) {
        dst[0] = (byte) f;
        long sum = 0;
        int n = w * 3;
        for (int i = 0; i < n; i++) {
            int x = cur[i] & 255, a = i >= 3 ? cur[i - 3] & 255 : 0, b = prev[i] & 255, c = i >= 3 ? prev[i - 3] & 255 : 0;
            int v = switch (f) {
                case 0 -> x;
                case 1 -> x - a;
                case 2 -> x - b;
                default -> x - paeth(a, b, c);
            };
            dst[i + 1] = (byte) v;
            sum += Math.abs((byte) v);
        }
        return sum;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ints(int... v) {
        byte[] b = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) put(b, 4 * i, v[i]);
        return b;
    }

    private static void put(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private void chunk(String type, byte[]... parts) throws IOException {
        int len = 0;
        for (byte[] p : parts) len += p.length;
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ints(len));
        out.write(t);
        CRC32 crc = new CRC32();
        crc.update(t);
        for (byte[] p : parts) {
            out.write(p);
            crc.update(p);
        }
        out.write(ints((int) crc.getValue()));
    }

    @Override
    public void finish() throws IOException {
        chunk("IEND");
        out.flush();
        out.close();
        // patch acTL's num_frames (offset: 8 signature + 25 IHDR + 8 length/type) and its CRC
        byte[] body = new byte[8];
        put(body, 0, frames);
        put(body, 4, loops);
        CRC32 crc = new CRC32();
        crc.update("acTL".getBytes(StandardCharsets.US_ASCII));
        crc.update(body);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(body), 8 + 25 + 8);
            ch.write(ByteBuffer.wrap(ints((int) crc.getValue())), 8 + 25 + 8 + 8);
        }
    }

    @Override
    public void close() throws IOException {
        deflater.end();
        out.close();
    }
}
