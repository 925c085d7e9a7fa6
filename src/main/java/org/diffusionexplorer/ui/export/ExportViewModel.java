package org.diffusionexplorer.ui.export;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.export.ExportOptions;
import org.diffusionexplorer.io.export.Exporter;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ProgressTask;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The Export dialog's state: which frames (a range and a stride over the request's frames), the layout, the format
 * and its encoding options; the size estimate; and the export itself as a task (atomic, cancellable).
 */
public final class ExportViewModel {
    private final ExportRequest request;
    public final StringProperty layout = new SimpleStringProperty();
    public final IntegerProperty from = new SimpleIntegerProperty(0), to = new SimpleIntegerProperty(), stride = new SimpleIntegerProperty(1);
    public final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.GIF);
    public final DoubleProperty fps = new SimpleDoubleProperty(25), hold = new SimpleDoubleProperty(0);
    public final BooleanProperty endless = new SimpleBooleanProperty(true), boomerang = new SimpleBooleanProperty(false),
            overlay = new SimpleBooleanProperty(true), globalPalette = new SimpleBooleanProperty(true), dither = new SimpleBooleanProperty(false);
    public final IntegerProperty scale = new SimpleIntegerProperty(0), quality = new SimpleIntegerProperty(80), sheetFrames = new SimpleIntegerProperty(16);

    public ExportViewModel(ExportRequest request, String lastFormat) {
        this.request = request;
        layout.set(request.layouts().get(0));
        to.set(request.frameCount() - 1);
        // about 100–200 frames by default for long ranges (one per t up to 200)
        stride.set(Math.max(1, request.frameCount() / 200));
        if (lastFormat != null) {
            try {
                format.set(ExportFormat.parse(lastFormat));
            } catch (IllegalArgumentException ignored) {
                // a format from a newer version
            }
        }
    }

    public ExportRequest request() { return request; }

    /** The chosen frame indices: from..to (either order) every stride, always including the last. */
    public int[] frames() {
        int a = clamp(from.get()), b = clamp(to.get()), s = Math.max(1, stride.get());
        int dir = b >= a ? 1 : -1, n = Math.abs(b - a) / s + 1;
        boolean addLast = Math.abs(b - a) % s != 0;
        int[] out = new int[n + (addLast ? 1 : 0)];
        for (int i = 0; i < n; i++) out[i] = a + dir * i * s;
        if (addLast) out[n] = b;
        return out;
    }

    private int clamp(int v) {
        return Math.max(0, Math.min(request.frameCount() - 1, v));
    }

    public ExportOptions options() {
        return new ExportOptions(fps.get(), endless.get() ? 0 : 1, boomerang.get(), hold.get(), globalPalette.get(), dither.get(),
                quality.get(), 0, sheetFrames.get());
    }

    /** Builds the frame source for the current choices (pure; any thread). */
    public FrameSource source() {
        return request.builder().build(layout.get(), frames(), scale.get(), overlay.get());
    }

    /** "200 frames · 8.0 s · 256×170 · about 10.6 MB". */
    public String summary(FrameSource src) {
        ExportOptions o = options();
        Exporter.Plan plan = Exporter.plan(src.frameCount(), o);
        long bytes = Exporter.estimateBytes(src, format.get(), o);
        String size = bytes < 10_000_000 ? String.format(Locale.ROOT, "%.0f kB", bytes / 1e3) : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        if (format.get() == ExportFormat.SHEET) {
            return String.format(Locale.ROOT, "%d of %d frames on one sheet · about %s", Exporter.sheetFrames(src.frameCount(), o.sheetFrames()).length, src.frameCount(), size);
        }
        return String.format(Locale.ROOT, "%d frames · %.1f s · %d×%d · about %s", plan.order().length, plan.duration(), src.width(), src.height(), size);
    }

    /** The export as a task: progress and ETA in its message; a cancel leaves nothing at out. */
    public ProgressTask<Path> exportTask(Path out) {
        ExportFormat f = format.get();
        ExportOptions o = options();
        return new ProgressTask<>() {
            @Override
            protected Path call() throws Exception {
                FrameSource src = source();
                long start = System.nanoTime();
                Exporter.export(src, f, o, out, p -> {
                    double secs = (System.nanoTime() - start) / 1e9;
                    String eta = p > 0.02 ? String.format(Locale.ROOT, " · %.0f s left", secs * (1 - p) / p) : "";
                    progress(p, String.format(Locale.ROOT, "%.0f%%%s", 100 * p, eta));
                }, this::isCancelled);
                return out;
            }
        };
    }

    /** The output file name for the chosen format: suggested name + extension (a folder name for frames). */
    public String fileName() {
        ExportFormat f = format.get();
        return request.suggestedName() + (f == ExportFormat.FRAMES ? "-frames" : f == ExportFormat.SHEET ? "-sheet.png" : f.extension);
    }
}
