package org.diffusionexplorer.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the raw little-endian data.
 * We write F32; reading validates the header length, JSON, dtypes, shapes against the byte ranges, that offsets are
 * in range, sorted without gaps or overlaps, and that the data section is fully covered.
 */
public final class SafeTensors {
    public static final long MAX_HEADER = 100L << 20;
    /** The most values one tensor may hold (a Java array's limit). */
    public static final long MAX_TENSOR_VALUES = Integer.MAX_VALUE - 8;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One tensor: shape and float32 values (row-major). */
    public record Entry(long[] shape, float[] data) {
        public Entry {
            long n = 1;
            for (long d : shape) {
                if (d < 0) throw new IllegalArgumentException("negative dimension");
                n *= d;
            }
            if (n != data.length) throw new IllegalArgumentException("shape does not match the data length");
        }
    }

    private SafeTensors() {
    }

    public static void write(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(path, out -> write(out, tensors, metadata));
    }

    public static void write(OutputStream out, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", e.getValue().shape());
            long bytes = 4L * e.getValue().data().length;
            info.put("data_offsets", new long[]{offset, offset + bytes});
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = MAPPER.writeValueAsBytes(header);
        int pad = (8 - json.length % 8) % 8; // align the data section to 8 bytes, padding with spaces as the spec allows
        byte[] padded = new byte[json.length + pad];
        System.arraycopy(json, 0, padded, 0, json.length);
        for (int i = json.length; i < padded.length; i++) padded[i] = ' ';
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded.length).array());
        out.write(padded);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : tensors.values()) {
            for (float v : e.data()) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** One tensor as the header describes it: shape and its byte range in the data section. */
    public record Info(String name, long[] shape, long begin, long end) {
        public long count() {
            return (end - begin) / 4;
        }
    }

    /** The validated header of a file: its tensors in the header's order, and where the data section starts. */
    public record Header(Map<String, Info> tensors, Map<String, String> metadata, long dataStart) {
    }

    /**
     * Reads and validates the header only (no tensor data is read): length, JSON, dtypes, shapes against the byte
     * ranges, offsets inside the file, sorted without gaps or overlaps, the data section fully covered.
     */
    public static Header header(Path path) throws InputException {
        String name = String.valueOf(path.getFileName());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return header(ch, name);
        } catch (IOException | ArithmeticException e) {
            throw new InputException(name + ": cannot read safetensors (" + e.getMessage() + ")");
        }
    }

    private static Header header(FileChannel ch, String name) throws IOException, InputException {
        long size = ch.size();
        if (size < 8) throw new InputException(name + ": truncated safetensors file (" + size + " bytes)");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        if (n <= 1 || n > MAX_HEADER || 8 + n > size) {
            throw new InputException(name + ": invalid safetensors header length " + n + " for a file of " + size + " bytes");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8);
        JsonNode header;
        try {
            header = MAPPER.readTree(new String(hb.array(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new InputException(name + ": the safetensors header is not valid JSON");
        }
        if (header == null || !header.isObject()) throw new InputException(name + ": the safetensors header is not a JSON object");
        long dataStart = 8 + n, dataLen = size - dataStart;
        Map<String, Info> byHeaderOrder = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = header.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode info = f.getValue();
            String t = f.getKey();
            if (t.equals("__metadata__")) {
                if (!info.isObject()) throw new InputException(name + ": __metadata__ is not an object");
                info.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
                continue;
            }
            if (!info.isObject()) throw new InputException(name + ": tensor '" + shortName(t) + "' has no description");
            String dtype = info.path("dtype").asText("");
            if (!dtype.equals("F32")) throw new InputException(name + ": tensor '" + shortName(t) + "' has dtype " + shortName(dtype) + " (only F32 is supported)");
            long[] shape;
            long[] offs;
            try {
                shape = MAPPER.convertValue(info.get("shape"), new TypeReference<long[]>() { });
                offs = MAPPER.convertValue(info.get("data_offsets"), new TypeReference<long[]>() { });
            } catch (IllegalArgumentException e) {
                throw new InputException(name + ": tensor '" + shortName(t) + "' has a malformed shape or data_offsets");
            }
            if (shape == null || offs == null || offs.length != 2) throw new InputException(name + ": tensor '" + shortName(t) + "' lacks shape or data_offsets");
            long count = 1;
            for (long d : shape) {
                if (d < 0 || d > Integer.MAX_VALUE) throw new InputException(name + ": tensor '" + shortName(t) + "' has an invalid shape");
                count = Math.multiplyExact(count, d);
            }
            if (offs[0] < 0 || offs[1] < offs[0] || offs[1] > dataLen) {
                throw new InputException(name + ": tensor '" + shortName(t) + "' has data_offsets outside the file (truncated?)");
            }
            if (offs[1] - offs[0] != Math.multiplyExact(4L, count)) throw new InputException(name + ": tensor '" + shortName(t) + "' shape does not match its byte range");
            if (count > MAX_TENSOR_VALUES) throw new InputException(name + ": tensor '" + shortName(t) + "' is too large (" + count + " values)");
            byHeaderOrder.put(t, new Info(t, shape, offs[0], offs[1]));
        }
        List<Info> ranges = new ArrayList<>(byHeaderOrder.values());
        ranges.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long expect = 0;
        for (Info r : ranges) {
            if (r.begin() != expect) throw new InputException(name + ": tensor data overlaps or leaves gaps (at '" + shortName(r.name()) + "')");
            expect = r.end();
        }
        if (expect != dataLen) throw new InputException(name + ": " + (dataLen - expect) + " bytes after the last tensor (corrupt file?)");
        return new Header(byHeaderOrder, meta, dataStart);
    }

    /** Reads and validates a whole file; tensors keep the file's order. */
    public static Map<String, Entry> read(Path path) throws InputException {
        return read(path, null);
    }

    /**
     * Reads a file whose tensors must be exactly expected (name to shape; null: any). The header is checked against
     * expected before any tensor data is read, so a file made for another architecture, or one claiming gigabytes,
     * is refused at the cost of reading its header; data is then read in chunks straight into the arrays.
     */
    public static Map<String, Entry> read(Path path, Map<String, long[]> expected) throws InputException {
        String name = String.valueOf(path.getFileName());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Header h = header(ch, name);
            if (expected != null) checkAgainst(h, expected, name);
            Map<String, Entry> out = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Info t : h.tensors().values()) {
                float[] v = new float[(int) t.count()];
                long pos = h.dataStart() + t.begin();
                int done = 0;
                while (done < v.length) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), 4L * (v.length - done)));
                    readFully(ch, buf, pos);
                    buf.flip();
                    int k = buf.remaining() / 4;
                    buf.asFloatBuffer().get(v, done, k);
                    done += k;
                    pos += 4L * k;
                }
                out.put(t.name(), new Entry(t.shape(), v));
            }
            return out;
        } catch (InputException e) {
            throw e;
        } catch (IOException | ArithmeticException e) {
            throw new InputException(name + ": cannot read safetensors (" + e.getMessage() + ")");
        }
    }

    /** Missing, unexpected and mis-shaped tensors, found from the header alone. */
    public static void checkAgainst(Header h, Map<String, long[]> expected, String name) throws InputException {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Info t = h.tensors().get(e.getKey());
            if (t == null) throw new InputException(name + ": tensor '" + e.getKey() + "' is missing");
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new InputException(name + ": tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + ", the architecture needs " + Arrays.toString(e.getValue()));
            }
        }
        for (String k : h.tensors().keySet()) {
            if (!expected.containsKey(k)) throw new InputException(name + ": unexpected tensor '" + shortName(k) + "'");
        }
    }

    private static String shortName(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    /** The header's __metadata__ (empty if none). */
    public static Map<String, String> metadata(Path path) throws InputException {
        return header(path).metadata();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }
}
