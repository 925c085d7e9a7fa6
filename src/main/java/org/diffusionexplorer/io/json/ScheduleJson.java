package org.diffusionexplorer.io.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
        if (spec instanceof ScheduleSpec.Linear l) {
            j.steps = l.steps();
            j.betaStart = l.betaStart();
            j.betaEnd = l.betaEnd();
        } else if (spec instanceof ScheduleSpec.ScaledLinear l) {
            j.steps = l.steps();
            j.betaStart = l.betaStart();
            j.betaEnd = l.betaEnd();
        } else if (spec instanceof ScheduleSpec.Cosine c) {
            j.steps = c.steps();
            j.cosineS = c.s();
            j.maxBeta = c.maxBeta();
        } else if (spec instanceof ScheduleSpec.Sigmoid s) {
            j.steps = s.steps();
            j.betaStart = s.betaStart();
            j.betaEnd = s.betaEnd();
            j.sigmoidRange = s.range();
        } else if (spec instanceof ScheduleSpec.Custom c) {
            j.steps = c.steps();
            j.points = new ArrayList<>();
            for (ScheduleSpec.ControlPoint p : c.points()) j.points.add(new Point(p.u(), p.logSnr()));
        } else if (spec instanceof ScheduleSpec.Explicit e) {
            j.betas = e.rawBetas();
        }
        return j;
    }
}
