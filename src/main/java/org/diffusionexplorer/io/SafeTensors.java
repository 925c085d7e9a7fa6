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

    /** Reads and validates a whole file; tensors keep the file's order. */
    public static Map<String, Entry> read(Path path) throws InputException {
        String name = String.valueOf(path.getFileName());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
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
            List<Object[]> ranges = new ArrayList<>();
            Map<String, Entry> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = header.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) continue;
                JsonNode info = f.getValue();
                String t = f.getKey();
                if (!info.isObject()) throw new InputException(name + ": tensor '" + t + "' has no description");
                String dtype = info.path("dtype").asText("");
                if (!dtype.equals("F32")) throw new InputException(name + ": tensor '" + t + "' has dtype " + dtype + " (only F32 is supported)");
                long[] shape;
                long[] offs;
                try {
                    shape = MAPPER.convertValue(info.get("shape"), new TypeReference<long[]>() { });
                    offs = MAPPER.convertValue(info.get("data_offsets"), new TypeReference<long[]>() { });
                } catch (IllegalArgumentException e) {
                    throw new InputException(name + ": tensor '" + t + "' has a malformed shape or data_offsets");
                }
                if (shape == null || offs == null || offs.length != 2) throw new InputException(name + ": tensor '" + t + "' lacks shape or data_offsets");
                long count = 1;
                for (long d : shape) {
                    if (d < 0 || d > Integer.MAX_VALUE) throw new InputException(name + ": tensor '" + t + "' has an invalid shape");
                    count = Math.multiplyExact(count, d);
                }
                if (offs[0] < 0 || offs[1] < offs[0] || offs[1] > dataLen) {
                    throw new InputException(name + ": tensor '" + t + "' has data_offsets outside the file (truncated?)");
                }
                if (offs[1] - offs[0] != 4 * count) throw new InputException(name + ": tensor '" + t + "' shape does not match its byte range");
                if (count > Integer.MAX_VALUE - 8) throw new InputException(name + ": tensor '" + t + "' is too large");
                ranges.add(new Object[]{offs[0], offs[1], t, shape});
            }
            ranges.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
            long expect = 0;
            for (Object[] r : ranges) {
                if ((Long) r[0] != expect) throw new InputException(name + ": tensor data overlaps or leaves gaps (at '" + r[2] + "')");
                expect = (Long) r[1];
            }
            if (expect != dataLen) throw new InputException(name + ": " + (dataLen - expect) + " bytes after the last tensor (corrupt file?)");
            Map<String, Entry> byName = new LinkedHashMap<>();
            for (Object[] r : ranges) {
                long begin = (Long) r[0], end = (Long) r[1];
                ByteBuffer db = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, db, dataStart + begin);
                db.flip();
                float[] v = new float[(int) ((end - begin) / 4)];
                db.asFloatBuffer().get(v);
                byName.put((String) r[2], new Entry((long[]) r[3], v));
            }
            // keep the header's order
            Iterator<String> names = header.fieldNames();
            while (names.hasNext()) {
                String k = names.next();
                if (byName.containsKey(k)) out.put(k, byName.get(k));
            }
            return out;
        } catch (InputException e) {
            throw e;
        } catch (IOException | ArithmeticException e) {
            throw new InputException(name + ": cannot read safetensors (" + e.getMessage() + ")");
        }
    }

    /** The header's __metadata__ (empty if none). */
    public static Map<String, String> metadata(Path path) throws InputException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.flip().getLong();
            if (n <= 1 || n > MAX_HEADER || 8 + n > ch.size()) throw new InputException(path.getFileName() + ": invalid safetensors header");
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            JsonNode meta = MAPPER.readTree(new String(hb.array(), StandardCharsets.UTF_8).trim()).path("__metadata__");
            Map<String, String> out = new LinkedHashMap<>();
            meta.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new InputException(path.getFileName() + ": cannot read safetensors (" + e.getMessage() + ")");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }
}
