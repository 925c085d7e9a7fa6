package org.diffusionexplorer.io.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats, their file endings and whether they write a folder. */
public enum ExportFormat {
    GIF("gif", ".gif", false, "animated GIF (256 colours)"),
    APNG("apng", ".png", false, "animated PNG (lossless)"),
    MP4("mp4", ".mp4", false, "MP4 video (H.264, yuv420p)"),
    WEBM("webm", ".webm", false, "WebM video (VP9, yuv420p)"),
    FRAMES("frames", "", true, "a folder of numbered PNG frames"),
    SHEET("sheet", ".png", false, "a contact sheet: chosen frames as one labelled PNG");

    public final String cliName, extension, description;
    public final boolean folder;

    ExportFormat(String cliName, String extension, boolean folder, String description) {
        this.cliName = cliName;
        this.extension = extension;
        this.folder = folder;
        this.description = description;
    }

    public boolean video() {
        return this == MP4 || this == WEBM;
    }

    public boolean animated() {
        return this == GIF || this == APNG || video();
    }

    public static ExportFormat parse(String s) {
        for (ExportFormat f : values()) if (f.cliName.equals(s.toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("--format must be one of " + names() + " (got '" + s + "')");
    }

    public static String names() {
        return Arrays.stream(values()).map(f -> f.cliName).collect(Collectors.joining(", "));
    }

    /** Null when this format can be written on this machine; otherwise a sentence saying why not. */
    public String unavailableReason() {
        return video() ? VideoEncoder.unavailable(this) : null;
    }
}
