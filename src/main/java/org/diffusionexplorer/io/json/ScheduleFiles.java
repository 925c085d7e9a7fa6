package org.diffusionexplorer.io.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.diffusionexplorer.core.schedule.InvalidScheduleException;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.InputException;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and writes schedules: the versioned JSON spec (round-trips exactly) and the CSV tables. */
public final class ScheduleFiles {
    public static final String FORMAT = "diffusion-explorer/schedule";
    public static final String CSV_HEADER = "t,beta,alpha,alpha_bar,sqrt_alpha_bar,sqrt_one_minus_alpha_bar,log_snr";
    static final long MAX_JSON_BYTES = 8L << 20;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // {"steps":10,"steps":1000}: which?
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64)
                            .maxStringLength(1 << 20).build()).build())
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ScheduleFiles() {
    }

    public static String toJson(ScheduleSpec spec) {
        try {
            return MAPPER.writeValueAsString(ScheduleJson.from(spec)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeJson(Path path, ScheduleSpec spec) throws IOException {
        AtomicFiles.writeString(path, toJson(spec));
    }

    public static ScheduleSpec readJson(Path path) throws InputException {
        String name = String.valueOf(path.getFileName());
        try {
            if (!Files.isRegularFile(path)) throw new InputException(name + ": no such file");
            if (Files.size(path) > MAX_JSON_BYTES) throw new InputException(name + ": a schedule file cannot be larger than 8 MiB");
            byte[] b = Files.readAllBytes(path);
            int skip = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0; // a UTF-8 BOM
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, skip, b.length - skip)).toString();
            } catch (CharacterCodingException e) {
                throw new InputException(name + ": not UTF-8 text (a schedule file is JSON in UTF-8)");
            }
            return parseJson(text, name);
        } catch (IOException e) {
            throw new InputException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Parses a schedule JSON document; every problem is reported as one line naming the field. */
    public static ScheduleSpec parseJson(String text, String name) throws InputException {
        if (text.isBlank()) throw new InputException(name + ": the file is empty");
        ScheduleJson j;
        try {
            j = MAPPER.readValue(text, ScheduleJson.class);
        } catch (JsonProcessingException e) {
            throw new InputException(name + ": not a valid schedule file (" + jsonProblem(e) + ")");
        }
        if (j == null) throw new InputException(name + ": not a valid schedule file (null)");
        try {
            return toSpec(j);
        } catch (InvalidScheduleException e) {
            throw new InputException(name + ": " + e.getMessage());
        }
    }

    private static String jsonProblem(JsonProcessingException e) {
        String field = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) sb.append(sb.length() > 0 ? "." : "").append(ref.getFieldName());
                else if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
            }
            field = "field " + sb + ": ";
        }
        if (e instanceof MismatchedInputException m && m.getPath().isEmpty()) {
            return "a schedule file is a JSON object, e.g. {\"preset\": \"cosine\", \"steps\": 1000}";
        }
        String msg = e.getOriginalMessage();
        if (msg == null) msg = e.getClass().getSimpleName();
        msg = msg.replaceAll("\\s+", " ");
        if (msg.length() > 140) msg = msg.substring(0, 140) + "…";
        return field + msg;
    }

    static ScheduleSpec toSpec(ScheduleJson j) {
        if (j.format != null && !j.format.equals(FORMAT)) {
            String f = j.format.length() > 60 ? j.format.substring(0, 60) + "…" : j.format;
            throw new InvalidScheduleException("format must be '" + FORMAT + "' (got '" + f + "')");
        }
        if (j.version != null && (j.version < 1 || j.version > ScheduleJson.VERSION)) {
            throw new InvalidScheduleException("version must be between 1 and " + ScheduleJson.VERSION + " (got " + j.version + ")");
        }
        if (j.preset == null) {
            if (j.betas != null) j.preset = "explicit";
            else if (j.points != null) j.preset = "custom";
            else throw new InvalidScheduleException("preset is missing (one of linear, scaled-linear, cosine, sigmoid, custom, explicit)");
        }
        boolean zts = j.zeroTerminalSnr != null && j.zeroTerminalSnr;
        String preset = j.preset.toLowerCase(Locale.ROOT);
        switch (preset) {
            case "custom": {
                if (j.points == null) throw new InvalidScheduleException("points are missing for a custom schedule");
                List<ScheduleSpec.ControlPoint> pts = new ArrayList<>();
                for (int i = 0; i < j.points.size(); i++) {
                    ScheduleJson.Point p = j.points.get(i);
                    if (p == null || p.u == null || p.logSnr == null) {
                        throw new InvalidScheduleException("points[" + i + "] needs both u and log_snr");
                    }
                    pts.add(new ScheduleSpec.ControlPoint(p.u, p.logSnr));
                }
                return new ScheduleSpec.Custom(j.steps == null ? 1000 : j.steps, pts, zts);
            }
            case "explicit":
                if (j.betas == null) throw new InvalidScheduleException("betas are missing for an explicit schedule");
                return new ScheduleSpec.Explicit(j.betas, zts);
            default:
                break;
        }
        return ScheduleSpec.preset(preset, j.steps, j.betaStart, j.betaEnd, j.cosineS, j.maxBeta, j.sigmoidRange, zts);
    }

    /** The tables as CSV with {@link #CSV_HEADER}, full double precision (shortest repr that round-trips). */
    public static void writeCsv(Writer w, NoiseSchedule s) throws IOException {
        w.write(CSV_HEADER);
        w.write('\n');
        StringBuilder sb = new StringBuilder(160);
        for (int t = 0; t < s.steps(); t++) {
            sb.setLength(0);
            sb.append(t).append(',').append(fmt(s.beta(t))).append(',').append(fmt(s.alpha(t))).append(',')
                    .append(fmt(s.alphaBar(t))).append(',').append(fmt(s.sqrtAlphaBar(t))).append(',')
                    .append(fmt(s.sqrtOneMinusAlphaBar(t))).append(',').append(fmt(s.logSnr(t))).append('\n');
            w.write(sb.toString());
        }
    }

    public static void writeCsv(Path path, NoiseSchedule s) throws IOException {
        AtomicFiles.write(path, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writeCsv(w, s);
            w.flush();
        });
    }

    public static String toCsv(NoiseSchedule s) {
        StringWriter sw = new StringWriter();
        try {
            writeCsv(sw, s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    static String fmt(double v) {
        if (v == Double.NEGATIVE_INFINITY) return "-inf";
        if (v == Double.POSITIVE_INFINITY) return "inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
