package org.diffusionexplorer.io.export;

/**
 * How frames become a file.
 *
 * @param fps          frames per second, (0, 120]
 * @param loops        GIF/APNG plays: 0 endless (default), n plays
 * @param boomerang    play forward then back (the last and first frames are not doubled)
 * @param holdSeconds  extra time on the last frame
 * @param globalPalette GIF: one colour table for all frames (else one per frame)
 * @param dither       GIF: Floyd–Steinberg error diffusion
 * @param quality      video and APNG effort, 1..100 (higher: larger, closer to the frames)
 * @param sheetColumns contact sheet columns (0: about square)
 * @param sheetFrames  contact sheet: how many frames, evenly spread (0: 16, or all when fewer)
 */
public record ExportOptions(double fps, int loops, boolean boomerang, double holdSeconds, boolean globalPalette, boolean dither,
                            int quality, int sheetColumns, int sheetFrames) {
    public ExportOptions {
        if (!(fps > 0 && fps <= 120)) throw new IllegalArgumentException("--fps must be above 0 and at most 120 (got " + fps + ")");
        if (loops < 0 || loops > 65535) throw new IllegalArgumentException("--loops must be between 0 (endless) and 65535 (got " + loops + ")");
        if (!(holdSeconds >= 0 && holdSeconds <= 60)) throw new IllegalArgumentException("--hold must be between 0 and 60 seconds (got " + holdSeconds + ")");
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("--quality must be between 1 and 100 (got " + quality + ")");
        if (sheetColumns < 0 || sheetColumns > 64) throw new IllegalArgumentException("--columns must be between 0 and 64");
        if (sheetFrames < 0 || sheetFrames > 1024) throw new IllegalArgumentException("--sheet-frames must be between 0 and 1024");
    }

    public static ExportOptions defaults() {
        return new ExportOptions(25, 0, false, 0, true, false, 80, 0, 0);
    }

    public ExportOptions withFps(double f) {
        return new ExportOptions(f, loops, boomerang, holdSeconds, globalPalette, dither, quality, sheetColumns, sheetFrames);
    }

    public ExportOptions withBoomerang(boolean b) {
        return new ExportOptions(fps, loops, b, holdSeconds, globalPalette, dither, quality, sheetColumns, sheetFrames);
    }

    public ExportOptions withHold(double s) {
        return new ExportOptions(fps, loops, boomerang, s, globalPalette, dither, quality, sheetColumns, sheetFrames);
    }

    public ExportOptions withPalette(boolean global, boolean dither) {
        return new ExportOptions(fps, loops, boomerang, holdSeconds, global, dither, quality, sheetColumns, sheetFrames);
    }

    public ExportOptions withQuality(int q) {
        return new ExportOptions(fps, loops, boomerang, holdSeconds, globalPalette, dither, q, sheetColumns, sheetFrames);
    }

    public ExportOptions withSheet(int columns, int frames) {
        return new ExportOptions(fps, loops, boomerang, holdSeconds, globalPalette, dither, quality, columns, frames);
    }

    public ExportOptions withLoops(int l) {
        return new ExportOptions(fps, l, boomerang, holdSeconds, globalPalette, dither, quality, sheetColumns, sheetFrames);
    }
}
