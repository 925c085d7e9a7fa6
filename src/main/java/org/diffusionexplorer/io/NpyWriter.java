package org.diffusionexplorer.io;

import org.diffusionexplorer.core.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** NumPy .npy (format 1.0), little-endian float32, C order: readable by numpy.load. */
public final class NpyWriter {
    private NpyWriter() {
    }

    public static void write(Path path, Tensor t) throws IOException {
        AtomicFiles.write(path, out -> write(out, t));
    }

    public static void write(OutputStream out, Tensor t) throws IOException {
        int[] shape = t.shape();
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) dims.append(i == 0 ? "" : ", ").append(shape[i]);
        if (shape.length == 1) dims.append(','); // numpy's one-element tuple
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        pre.putShort((short) header.length());
        out.write(pre.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer body = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) {
            if (!body.hasRemaining()) {
                out.write(body.array(), 0, body.position());
                body.clear();
            }
            body.putFloat(v);
        }
        out.write(body.array(), 0, body.position());
    }
}
