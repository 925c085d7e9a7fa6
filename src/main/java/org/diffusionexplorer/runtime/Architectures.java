package org.diffusionexplorer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Mlp;
import org.diffusionexplorer.runtime.engine.Param;
import org.diffusionexplorer.runtime.engine.UNet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Architecture descriptions (model.json "architecture") to networks and back, and weights in and out. */
public final class Architectures {
    private Architectures() {
    }

    /** Model-size presets for the train command and the Train view. */
    public static UNetConfig unetPreset(String size, int channels, int resolution) {
        return switch (size) {
            case "tiny" -> new UNetConfig(channels, resolution, 16, new int[]{1, 2, 2}, 1, 8, 32, false);
            case "small" -> new UNetConfig(channels, resolution, 32, new int[]{1, 2, 2}, 1, 8, 64, false);
            case "medium" -> new UNetConfig(channels, resolution, 48, new int[]{1, 2, 2}, 2, 8, 64, false);
            case "large" -> new UNetConfig(channels, resolution, 64, new int[]{1, 2, 2}, 2, 8, 64, false);
            default -> throw new IllegalArgumentException("model size must be one of tiny, small, medium, large (got '" + size + "')");
        };
    }

    public static JsonNode describe(UNetConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "unet").put("channels", c.channels()).put("size", c.size()).put("base", c.base());
        var m = o.putArray("multipliers");
        for (int v : c.multipliers()) m.add(v);
        o.put("res_blocks", c.resBlocks()).put("groups", c.groups()).put("time_features", c.timeFeatures()).put("attention", c.attention());
        o.put("downsample", "avgpool2").put("upsample", "nearest2+conv3");
        if (c.classes() > 0) o.put("classes", c.classes());
        return o;
    }

    public static JsonNode describe(MlpConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "mlp").put("dim", c.dim()).put("width", c.width()).put("depth", c.depth()).put("time_features", c.timeFeatures());
        if (c.classes() > 0) o.put("classes", c.classes());
        return o;
    }

    public static JsonNode describe(EngineModel m) {
        if (m instanceof UNet u) return describe(u.config());
        if (m instanceof Mlp p) return describe(p.config());
        throw new IllegalArgumentException("unknown model " + m);
    }

    /** The largest network a model.json may describe (the bundled one has 1.0 M; the "large" preset about 6 M). */
    public static final long MAX_PARAMETERS = 50_000_000L;

    /** An architecture description as a validated configuration (UNetConfig or MlpConfig); nothing is allocated. */
    public static Record config(JsonNode a) throws InputException {
        if (a == null || !a.isObject()) throw new InputException("architecture must be an object");
        String type = a.path("type").asText("");
        try {
            return switch (type) {
                case "unet" -> {
                    JsonNode mult = a.path("multipliers");
                    if (!mult.isArray()) throw new InputException("architecture.multipliers must be a list");
                    if (mult.size() < 1 || mult.size() > 5) throw new InputException("architecture.multipliers: 1 to 5 levels (got " + mult.size() + ")");
                    int[] m = new int[mult.size()];
                    for (int i = 0; i < m.length; i++) {
                        if (!mult.get(i).canConvertToInt()) throw new InputException("architecture.multipliers must hold integers");
                        m[i] = mult.get(i).asInt();
                    }
                    JsonNode att = a.path("attention");
                    if (!att.isMissingNode() && !att.isBoolean()) throw new InputException("architecture.attention must be true or false");
                    yield new UNetConfig(req(a, "channels"), req(a, "size"), req(a, "base"), m, req(a, "res_blocks"),
                            req(a, "groups"), req(a, "time_features"), att.asBoolean(false), classes(a));
                }
                case "mlp" -> new MlpConfig(req(a, "dim"), req(a, "width"), req(a, "depth"), req(a, "time_features"), classes(a));
                default -> throw new InputException("architecture.type must be unet or mlp (got '" + shortText(type) + "')");
            };
        } catch (IllegalArgumentException e) {
            throw new InputException("invalid architecture: " + e.getMessage());
        }
    }

    /** architecture.classes: absent or 0 for an unconditional network. */
    private static int classes(JsonNode a) throws InputException {
        return a.has("classes") ? req(a, "classes") : 0;
    }

    private static String shortText(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /**
     * The parameters (name → shape in the file layout) a description needs, computed in long arithmetic before
     * anything is allocated; refuses networks over {@link #MAX_PARAMETERS}. The engine networks register exactly
     * these (ArchitectureLimitsTest checks it).
     */
    public static Map<String, long[]> parameterShapes(JsonNode a) throws InputException {
        Record c = config(a);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        if (c instanceof UNetConfig u) {
            if (u.attention()) throw new InputException("invalid architecture: the engine UNet has no attention layer; use attention=false");
            long te = u.timeEmbedding(), g = u.groups();
            linear(shapes, "time.0", u.timeFeatures(), te);
            linear(shapes, "time.1", te, te);
            conv(shapes, "conv_in", u.channels(), u.width(0), 3);
            int levels = u.multipliers().length;
            long ch = u.width(0);
            List<Long> skips = new ArrayList<>();
            skips.add(ch);
            for (int l = 0; l < levels; l++) {
                for (int r = 0; r < u.resBlocks(); r++) {
                    resBlock(shapes, "down." + l + ".res." + r, ch, u.width(l), te);
                    ch = u.width(l);
                    skips.add(ch);
                }
                if (l < levels - 1) skips.add(ch);
            }
            resBlock(shapes, "mid.res.0", ch, ch, te);
            resBlock(shapes, "mid.res.1", ch, ch, te);
            for (int l = levels - 1; l >= 0; l--) {
                for (int r = 0; r <= u.resBlocks(); r++) {
                    long sw = skips.remove(skips.size() - 1);
                    resBlock(shapes, "up." + l + ".res." + r, ch + sw, u.width(l), te);
                    ch = u.width(l);
                }
                if (l > 0) conv(shapes, "up." + l + ".upsample", ch, ch, 3);
            }
            norm(shapes, "norm_out", ch);
            conv(shapes, "conv_out", ch, u.channels(), 3);
            if (u.classes() > 0) shapes.put("class_emb.weight", new long[]{u.classes() + 1, te});
            if (g > ch) throw new InputException("invalid architecture: groups exceed the channels");
        } else {
            MlpConfig m = (MlpConfig) c;
            linear(shapes, "in", (long) m.dim() + m.timeFeatures(), m.width());
            for (int i = 0; i < m.depth(); i++) linear(shapes, "hidden." + i, m.width(), m.width());
            linear(shapes, "out_proj", m.width(), m.dim());
            if (m.classes() > 0) shapes.put("class_emb.weight", new long[]{m.classes() + 1, m.width()});
        }
        long n = 0;
        try {
            for (long[] s : shapes.values()) {
                long k = 1;
                for (long d : s) k = Math.multiplyExact(k, d);
                n = Math.addExact(n, k);
            }
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > MAX_PARAMETERS) {
            throw new InputException(String.format(Locale.ROOT, "the architecture has %s parameters, over the limit of %,d (%.1f GB of weights)",
                    n == Long.MAX_VALUE ? "too many" : String.format(Locale.ROOT, "%,d", n), MAX_PARAMETERS, n == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : n * 4 / 1e9));
        }
        return shapes;
    }

    /** The item shape a description's network takes: [channels, size, size] or [dim]. */
    public static int[] itemShape(JsonNode a) throws InputException {
        Record c = config(a);
        return c instanceof UNetConfig u ? new int[]{u.channels(), u.size(), u.size()} : new int[]{((MlpConfig) c).dim()};
    }

    /** The parameter count of a description (see {@link #parameterShapes}). */
    public static long parameterCount(JsonNode a) throws InputException {
        long n = 0;
        for (long[] s : parameterShapes(a).values()) {
            long k = 1;
            for (long d : s) k *= d;
            n += k;
        }
        return n;
    }

    private static void linear(Map<String, long[]> m, String name, long in, long out) {
        m.put(name + ".weight", new long[]{out, in});
        m.put(name + ".bias", new long[]{out});
    }

    private static void conv(Map<String, long[]> m, String name, long in, long out, int k) {
        m.put(name + ".weight", new long[]{out, in, k, k});
        m.put(name + ".bias", new long[]{out});
    }

    private static void norm(Map<String, long[]> m, String name, long ch) {
        m.put(name + ".weight", new long[]{ch});
        m.put(name + ".bias", new long[]{ch});
    }

    private static void resBlock(Map<String, long[]> m, String name, long cin, long cout, long te) {
        norm(m, name + ".norm1", cin);
        conv(m, name + ".conv1", cin, cout, 3);
        linear(m, name + ".time", te, cout);
        norm(m, name + ".norm2", cout);
        conv(m, name + ".conv2", cout, cout, 3);
        if (cin != cout) conv(m, name + ".skip", cin, cout, 1);
    }

    /**
     * A freshly initialised network for an architecture description; bad descriptions give one clear line. The
     * description is validated and its parameter count checked before anything is allocated.
     */
    public static EngineModel create(JsonNode a, long seed) throws InputException {
        parameterShapes(a);
        Record c = config(a);
        try {
            return c instanceof UNetConfig u ? new UNet(u, seed) : new Mlp((MlpConfig) c, seed);
        } catch (IllegalArgumentException e) {
            throw new InputException("invalid architecture: " + e.getMessage());
        }
    }

    private static int req(JsonNode a, String field) throws InputException {
        JsonNode v = a.get(field);
        if (v == null || !v.canConvertToInt()) throw new InputException("architecture." + field + " must be an integer");
        return v.asInt();
    }

    public static Map<String, SafeTensors.Entry> weights(EngineModel m) {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        for (Param p : m.params()) out.put(p.name, new SafeTensors.Entry(p.fileShape, p.toFileLayout()));
        return out;
    }

    /** Loads weights by name, checking that every parameter is present with its exact shape and nothing is extra. */
    public static void load(EngineModel m, Map<String, SafeTensors.Entry> w, String source) throws InputException {
        for (Param p : m.params()) {
            SafeTensors.Entry e = w.get(p.name);
            if (e == null) throw new InputException(source + ": tensor '" + p.name + "' is missing");
            if (!Arrays.equals(e.shape(), p.fileShape)) {
                throw new InputException(source + ": tensor '" + p.name + "' has shape " + Arrays.toString(e.shape())
                        + ", the architecture needs " + Arrays.toString(p.fileShape));
            }
            for (float v : e.data()) if (!Float.isFinite(v)) throw new InputException(source + ": tensor '" + p.name + "' holds NaN or infinity");
        }
        if (w.size() != m.params().size()) {
            for (String k : w.keySet()) {
                if (m.params().stream().noneMatch(p -> p.name.equals(k))) throw new InputException(source + ": unexpected tensor '" + k + "'");
            }
        }
        for (Param p : m.params()) p.fromFileLayout(w.get(p.name).data());
    }
}
