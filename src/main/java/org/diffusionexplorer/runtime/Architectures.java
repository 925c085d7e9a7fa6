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

import java.util.Arrays;
import java.util.LinkedHashMap;
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

    /** A freshly initialised network for an architecture description; bad descriptions give one clear line. */
    public static EngineModel create(JsonNode a, long seed) throws InputException {
        String type = a.path("type").asText("");
        try {
            return switch (type) {
                case "unet" -> {
                    JsonNode mult = a.path("multipliers");
                    if (!mult.isArray()) throw new InputException("architecture.multipliers must be a list");
                    int[] m = new int[mult.size()];
                    for (int i = 0; i < m.length; i++) m[i] = mult.get(i).asInt();
                    yield new UNet(new UNetConfig(req(a, "channels"), req(a, "size"), req(a, "base"), m, req(a, "res_blocks"),
                            req(a, "groups"), req(a, "time_features"), a.path("attention").asBoolean(false), classes(a)), seed);
                }
                case "mlp" -> new Mlp(new MlpConfig(req(a, "dim"), req(a, "width"), req(a, "depth"), req(a, "time_features"), classes(a)), seed);
                default -> throw new InputException("architecture.type must be unet or mlp (got '" + type + "')");
            };
        } catch (IllegalArgumentException e) {
            throw new InputException("invalid architecture: " + e.getMessage());
        }
    }

    /** architecture.classes: absent or 0 for an unconditional network. */
    private static int classes(JsonNode a) throws InputException {
        return a.has("classes") ? req(a, "classes") : 0;
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
