package org.diffusionexplorer.io;

import org.diffusionexplorer.core.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy .npy files of little-endian float32 in C order (what {@link NpyWriter} and numpy.save write for
 * float32 arrays). The header's shape is checked against the file's length before anything is allocated.
 */
public final class NpyReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    public static Tensor read(Path path) throws InputException {
        String name = String.valueOf(path.getFileName());
        try (FileChannel ch = FileChannel.open(path)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 10 || ch.read(pre, 0) < 10) throw new InputException(name + ": not an .npy file (too short)");
            byte[] magic = new byte[6];
            pre.get(0, magic);
            if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
                throw new InputException(name + ": not an .npy file (no NUMPY magic)");
            }
            int major = pre.get(6);
            long headerLen, dataStart;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(pre.getShort(8));
                dataStart = 10 + headerLen;
            } else if (major == 2 || major == 3) {
                if (size < 12) throw new InputException(name + ": truncated header");
                headerLen = Integer.toUnsignedLong(pre.getInt(8));
                dataStart = 12 + headerLen;
            } else {
                throw new InputException(name + ": unsupported .npy version " + major);
            }
            if (headerLen > 65_536 || dataStart > size) throw new InputException(name + ": damaged header (length " + headerLen + ")");
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.read(hb, dataStart - headerLen);
            String header = new String(hb.array(), StandardCharsets.ISO_8859_1);
            String descr = find(DESCR, header, name, "descr");
            if (!descr.equals("<f4")) throw new InputException(name + ": holds " + descr + " values; only little-endian float32 (<f4) is read");
            if (find(ORDER, header, name, "fortran_order").equals("True")) throw new InputException(name + ": Fortran order is not supported");
            String[] dims = find(SHAPE, header, name, "shape").split(",");
            int rank = 0;
            int[] shape = new int[dims.length];
            long count = 1;
            for (String d : dims) {
                String s = d.trim();
                if (s.isEmpty()) continue;
                long v;
                try {
                    v = Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new InputException(name + ": bad shape entry '" + s + "'");
                }
                if (v < 1 || v > Integer.MAX_VALUE) throw new InputException(name + ": bad shape entry " + v);
                count *= v;
                if (count > Integer.MAX_VALUE - 8) throw new InputException(name + ": too large (" + count + "+ values)");
                shape[rank++] = (int) v;
            }
            if (rank == 0) throw new InputException(name + ": a scalar, not an array");
            long need = dataStart + 4 * count;
            if (size != need) throw new InputException(name + ": " + (size < need ? "truncated" : "has trailing bytes") + " (" + size + " bytes, the header needs " + need + ")");
            ByteBuffer body = ByteBuffer.allocate((int) (4 * count)).order(ByteOrder.LITTLE_ENDIAN);
            long pos = dataStart;
            while (body.hasRemaining()) {
                int r = ch.read(body, pos);
                if (r < 0) throw new InputException(name + ": truncated");
                pos += r;
            }
            body.flip();
            float[] data = new float[(int) count];
            body.asFloatBuffer().get(data);
            return new Tensor(data, Arrays.copyOf(shape, rank));
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String find(Pattern p, String header, String name, String key) throws InputException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new InputException(name + ": header has no '" + key + "'");
        return m.group(1);
    }

    /** True if the file starts with the .npy magic. */
    public static boolean looksLikeNpy(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(6);
            return b.length == 6 && b[0] == (byte) 0x93 && new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY");
        } catch (IOException e) {
            return false;
        }
    }
}
