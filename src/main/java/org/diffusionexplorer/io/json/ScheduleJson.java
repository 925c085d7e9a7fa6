package org.diffusionexplorer.io.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.diffusionexplorer.core.schedule.ScheduleParameter;
import org.diffusionexplorer.core.schedule.ScheduleSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The versioned JSON form of a {@link ScheduleSpec} (package-private DTO; {@link ScheduleFiles} is the API).
 * Absent parameters take the preset's defaults; unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
final class ScheduleJson {
    static final int VERSION = 1;

    @JsonProperty("format") public String format = ScheduleFiles.FORMAT;
    @JsonProperty("version") public Integer version = VERSION;
    @JsonProperty("preset") public String preset;
    @JsonProperty("steps") public Integer steps;
    @JsonProperty("beta_start") public Double betaStart;
    @JsonProperty("beta_end") public Double betaEnd;
    @JsonProperty("cosine_s") public Double cosineS;
    @JsonProperty("max_beta") public Double maxBeta;
    @JsonProperty("sigmoid_range") public Double sigmoidRange;
    @JsonProperty("zero_terminal_snr") public Boolean zeroTerminalSnr;
    @JsonProperty("points") public List<Point> points;
    @JsonProperty("betas") public double[] betas;

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Point {
        @JsonProperty("u") public Double u;
        @JsonProperty("log_snr") public Double logSnr;

        Point() {
        }

        Point(double u, double logSnr) {
            this.u = u;
            this.logSnr = logSnr;
        }
    }

    static ScheduleJson from(ScheduleSpec spec) {
        ScheduleJson j = new ScheduleJson();
        j.preset = spec.presetName();
        j.zeroTerminalSnr = spec.zeroTerminalSnr();
        // A spec whose T is fixed by its data is an explicit β table: the betas are the file.
        if (spec.stepsFixed()) j.betas = spec.rawBetas();
        else j.steps = spec.steps();
        for (ScheduleParameter p : spec.parameters()) j.set(p.name(), p.value(spec));
        List<ScheduleSpec.ControlPoint> cps = spec.controlPoints();
        if (!cps.isEmpty()) {
            j.points = new ArrayList<>();
            for (ScheduleSpec.ControlPoint p : cps) j.points.add(new Point(p.u(), p.logSnr()));
        }
        return j;
    }

    /** The field of a preset parameter, by its JSON name (a new parameter name needs its field above). */
    private void set(String name, double v) {
        switch (name) {
            case "beta_start" -> betaStart = v;
            case "beta_end" -> betaEnd = v;
            case "cosine_s" -> cosineS = v;
            case "max_beta" -> maxBeta = v;
            case "sigmoid_range" -> sigmoidRange = v;
            default -> throw new IllegalStateException("no JSON field for the schedule parameter " + name);
        }
    }
}
