package org.diffusionexplorer.io.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.OutputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.io.StagedFolder;
import org.diffusionexplorer.io.json.ScheduleFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model bundle folder: model.json (architecture, prediction, training schedule, provenance, weights checksum),
 * weights.safetensors and README.md. Reading validates the JSON, the schedule, the checksum and the safetensors
 * structure; the runtime then checks tensor names and shapes against the architecture.
 */
public record ModelBundle(Path dir, ModelJson json, ScheduleSpec schedule) {
    static final ObjectMapper MAPPER = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    public String id() { return json.id; }

    public Path weightsFile() { return dir.resolve(json.weights.file); }

    public static ModelBundle read(Path dir) throws InputException {
        Path mj = dir.resolve("model.json");
        if (!Files.isRegularFile(mj)) throw new InputException(dir + ": not a model bundle (model.json missing)");
        ModelJson j;
        try {
            if (Files.size(mj) > 4 << 20) throw new InputException(mj + ": model.json is too large");
            j = MAPPER.readValue(mj.toFile(), ModelJson.class);
        } catch (JsonProcessingException e) {
            throw new InputException(mj + ": not valid model JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InputException(mj + ": cannot read (" + e.getMessage() + ")");
        }
        if (j == null || !ModelJson.FORMAT.equals(j.format)) throw new InputException(mj + ": format must be '" + ModelJson.FORMAT + "'");
        if (j.version == null || j.version < 1 || j.version > ModelJson.VERSION) throw new InputException(mj + ": unsupported version " + j.version);
        if (j.architecture == null || !j.architecture.isObject()) throw new InputException(mj + ": architecture is missing");
        if (j.inputShape == null || j.inputShape.length < 1) throw new InputException(mj + ": input_shape is missing");
        if (j.schedule == null) throw new InputException(mj + ": schedule is missing");
        if (j.weights == null || j.weights.file == null || j.weights.file.contains("/") || j.weights.file.contains("\\")) {
            throw new InputException(mj + ": weights.file must name a file in the bundle");
        }
        ScheduleSpec spec = ScheduleFiles.parseJson(j.schedule.toString(), "model.json schedule");
        ModelBundle b = new ModelBundle(dir, j, spec);
        if (!Files.isRegularFile(b.weightsFile())) throw new InputException(dir + ": " + j.weights.file + " is missing");
        return b;
    }

    /** Reads and validates the weights (checksum first, when model.json records one). */
    public Map<String, SafeTensors.Entry> weights() throws InputException {
        return weights(null);
    }

    /**
     * Reads the weights, which must be exactly expected (name → shape; null: any). Order: the header alone is
     * checked against expected, then the checksum (when model.json records one), then the data is read; so a file
     * of the wrong shapes or size costs only its header. A bundle without a sha256 (made elsewhere) is loaded
     * unverified: {@link #verified()} says so and the CLI prints a warning.
     */
    public Map<String, SafeTensors.Entry> weights(Map<String, long[]> expected) throws InputException {
        if (expected != null) SafeTensors.checkAgainst(SafeTensors.header(weightsFile()), expected, weightsFile().getFileName().toString());
        if (json.weights.sha256 != null) {
            String actual;
            try {
                actual = sha256(weightsFile());
            } catch (IOException e) {
                throw new InputException(weightsFile() + ": cannot read (" + e.getMessage() + ")");
            }
            if (!actual.equalsIgnoreCase(json.weights.sha256)) {
                throw new InputException(weightsFile() + ": checksum mismatch (the weights do not belong to this model.json, or are corrupt)");
            }
        }
        return SafeTensors.read(weightsFile(), expected);
    }

    /** Whether model.json records a sha256 for the weights (checked when they are read). */
    public boolean verified() {
        return json.weights.sha256 != null;
    }

    /** Writes more files into a bundle being staged (e.g. the sample grid). */
    @FunctionalInterface
    public interface Extras {
        void write(Path stagingDir) throws IOException;
    }

    /** Writes model.json, weights.safetensors (with the checksum filled in) and README.md into dir. */
    public static void write(Path dir, ModelJson j, Map<String, SafeTensors.Entry> weights, String readme) throws IOException {
        write(dir, j, weights, readme, staging -> { });
    }

    /**
     * Writes the bundle whole or not at all: every file goes into a hidden sibling folder, which then replaces dir
     * whole ({@link StagedFolder}: locked, leftovers of killed writes cleared, an earlier bundle put back if a kill
     * came between the two renames). A failure (a full disk, say) leaves any earlier bundle at dir as it was.
     */
    public static void write(Path dir, ModelJson j, Map<String, SafeTensors.Entry> weights, String readme, Extras extras) throws IOException {
        try (StagedFolder out = StagedFolder.begin(dir, "the model folder", name -> true)) {
            try {
                writeInto(out.dir(), j, weights, readme, extras);
            } catch (IOException e) {
                throw out.explain(e);
            }
            out.commit();
        } catch (InputException e) {
            throw new OutputException(e.getMessage(), e);
        }
    }

    private static void writeInto(Path staging, ModelJson j, Map<String, SafeTensors.Entry> weights, String readme, Extras extras) throws IOException {
        Path w = staging.resolve(j.weights.file);
        // a sorted map: the same metadata bytes in every JVM, so the same weights give the same file and sha256
        Map<String, String> meta = new TreeMap<>();
        meta.put("format", "diffusion-explorer");
        meta.put("model", j.id == null ? "" : j.id);
        SafeTensors.write(w, weights, meta);
        j.weights.sha256 = sha256(w);
        long n = 0;
        for (SafeTensors.Entry e : weights.values()) n += e.data().length;
        j.weights.parameters = n;
        AtomicFiles.writeString(staging.resolve("model.json"), MAPPER.writeValueAsString(j) + "\n");
        if (readme != null) AtomicFiles.writeString(staging.resolve("README.md"), readme);
        extras.write(staging);
    }

    /** Copies a finished bundle folder to dest (e.g. the user's models folder), replacing an earlier one whole. */
    public static void install(Path bundle, Path dest) throws IOException {
        try (StagedFolder out = StagedFolder.begin(dest, "the model folder", name -> true);
             var files = Files.list(bundle)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p)) Files.copy(p, out.dir().resolve(p.getFileName().toString()));
            }
            out.commit();
        } catch (InputException e) {
            throw new OutputException(e.getMessage(), e);
        }
    }

    public static String sha256(Path p) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
