package org.diffusionexplorer.io.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** model.json of a model bundle (DESIGN.md §4). Unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ModelJson {
    public static final String FORMAT = "diffusion-explorer/model";
    public static final int VERSION = 1;

    @JsonProperty("format") public String format = FORMAT;
    @JsonProperty("version") public Integer version = VERSION;
    @JsonProperty("id") public String id;
    @JsonProperty("description") public String description;
    /** {"type": "unet", ...} or {"type": "mlp", ...}; interpreted by the runtime. */
    @JsonProperty("architecture") public JsonNode architecture;
    @JsonProperty("input_shape") public int[] inputShape;
    @JsonProperty("value_range") public double[] valueRange = {-1, 1};
    @JsonProperty("prediction") public String prediction = "epsilon";
    /** The training schedule, in the schedule JSON format. */
    @JsonProperty("schedule") public JsonNode schedule;
    @JsonProperty("training") public Map<String, Object> training = new LinkedHashMap<>();
    @JsonProperty("weights") public Weights weights = new Weights();
    @JsonProperty("classes") public List<String> classes;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Weights {
        @JsonProperty("file") public String file = "weights.safetensors";
        @JsonProperty("sha256") public String sha256;
        @JsonProperty("parameters") public Long parameters;
    }
}
