package org.diffusionexplorer.runtime;

import java.util.Arrays;

/**
 * A network parameter: its name and shape as stored in safetensors (the PyTorch layout: conv weights O×I×kh×kw,
 * linear weights out×in) and how it is laid out inside the graph (conv YXIO kh×kw×I×O, linear in×out).
 */
public record ParamSpec(String name, Kind kind, long[] fileShape) {
    public enum Kind { CONV, LINEAR, VECTOR }

    public long[] graphShape() {
        return switch (kind) {
            case CONV -> new long[]{fileShape[2], fileShape[3], fileShape[1], fileShape[0]};
            case LINEAR -> new long[]{fileShape[1], fileShape[0]};
            case VECTOR -> fileShape.clone();
        };
    }

    public long size() {
        long n = 1;
        for (long d : fileShape) n *= d;
        return n;
    }

    @Override public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && p.kind == kind && Arrays.equals(p.fileShape, fileShape);
    }

    @Override public int hashCode() { return name.hashCode(); }

    @Override public String toString() { return name + Arrays.toString(fileShape); }
}
