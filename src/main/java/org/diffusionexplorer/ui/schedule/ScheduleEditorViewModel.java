package org.diffusionexplorer.ui.schedule;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.schedule.KarrasSigmas;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleDiagnostics;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ScheduleModel;

import java.util.ArrayList;
import java.util.List;

/**
 * State and commands of the schedule editor: the shared schedule (with undo/redo), hand-editing of the log-SNR
 * control points (converting a preset to points first), pinned schedules to compare (up to four), the sampler
 * timesteps to mark (N and spacing), the Karras grid, the diagnostics, and x_t thumbnails of every schedule at the
 * shared t from the shared x₀ and ε.
 */
public final class ScheduleEditorViewModel {
    public static final int MAX_PINNED = 4;
    public static final int DEFAULT_POINTS = 12;

    /** A schedule kept for comparison. */
    public record Pinned(String name, NoiseSchedule schedule) {
    }

    /** x_t of one schedule (the current one first, then the pins) at the same relative t, with the same ε. */
    public record Thumbnail(String title, int[] argb, int width, int height) {
    }

    private final ScheduleModel model;
    private final ExplorerState state;
    private final IntegerProperty t;
    private final ObservableList<Pinned> pinned = FXCollections.observableArrayList();
    private final IntegerProperty samplerSteps = new SimpleIntegerProperty(this, "samplerSteps", 10);
    private final ObjectProperty<TimestepSpacing> spacing = new SimpleObjectProperty<>(this, "spacing", TimestepSpacing.LEADING);
    private final ReadOnlyObjectWrapper<List<ScheduleDiagnostics.Item>> diagnostics = new ReadOnlyObjectWrapper<>(this, "diagnostics", List.of());
    private final ReadOnlyObjectWrapper<int[]> samplerTimesteps = new ReadOnlyObjectWrapper<>(this, "samplerTimesteps", new int[0]);
    private final ReadOnlyObjectWrapper<String> message = new ReadOnlyObjectWrapper<>(this, "message", "");
    private final ReadOnlyObjectWrapper<List<Thumbnail>> thumbnails = new ReadOnlyObjectWrapper<>(this, "thumbnails", List.of());

    public ScheduleEditorViewModel(ScheduleModel model, ExplorerState state) {
        this.model = model;
        this.state = state;
        this.t = state.tProperty();
        model.scheduleProperty().addListener((o, a, b) -> {
            refresh();
            renderThumbnails();
        });
        samplerSteps.addListener((o, a, b) -> refresh());
        spacing.addListener((o, a, b) -> refresh());
        t.addListener((o, a, b) -> renderThumbnails());
        state.imageProperty().addListener((o, a, b) -> renderThumbnails());
        pinned.addListener((javafx.collections.ListChangeListener<Pinned>) c -> renderThumbnails());
        refresh();
        renderThumbnails();
    }

    /** Longest side of a thumbnail: they are shown at about 200×150, so a large image is subsampled first. */
    public static final int THUMBNAIL_SIDE = 192;
    private Tensor thumbSource, epsSource, thumbX0, thumbEps; // the subsampled x₀ and ε, and what they came from

    /**
     * Renders the thumbnails at the current t (synchronously, at most {@value #THUMBNAIL_SIDE} px a side: well under
     * a millisecond each, so scrubbing and editing never wait for full-size renders); none without an image.
     */
    private void renderThumbnails() {
        Tensor x0 = state.x0(), eps = state.eps();
        if (x0 == null) return;
        if (thumbSource != x0 || epsSource != eps) {
            int stride = Math.max(1, (Math.max(x0.dim(1), x0.dim(2)) + THUMBNAIL_SIDE - 1) / THUMBNAIL_SIDE);
            thumbX0 = subsample(x0, stride);
            thumbEps = subsample(eps, stride); // every stride-th value: ε stays N(0, 1) per pixel (an average would not)
            thumbSource = x0;
            epsSource = eps;
        }
        List<NoiseSchedule> schedules = new ArrayList<>(List.of(model.schedule()));
        List<String> names = new ArrayList<>(List.of("current"));
        for (Pinned p : pinned) {
            schedules.add(p.schedule());
            names.add(p.name());
        }
        int w = thumbX0.dim(2), h = thumbX0.dim(1);
        double u = (double) t.get() / Math.max(1, model.schedule().steps() - 1);
        List<Thumbnail> out = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            NoiseSchedule s = schedules.get(i);
            int ti = (int) Math.round(u * (s.steps() - 1));
            int[] px = new int[w * h];
            FrameRenderer.render((float) s.sqrtAlphaBar(ti), thumbX0.data(), (float) s.sqrtOneMinusAlphaBar(ti), thumbEps.data(), thumbX0.dim(0), px);
            out.add(new Thumbnail(names.get(i) + "\nt = " + ti + ", ᾱ = " + ScheduleDiagnostics.num(s.alphaBar(ti)), px, w, h));
        }
        thumbnails.set(List.copyOf(out));
    }

    /** Every stride-th pixel of a C×H×W tensor (itself when stride is 1). */
    static Tensor subsample(Tensor x, int stride) {
        if (stride == 1) return x;
        int c = x.dim(0), h = x.dim(1), w = x.dim(2), hh = (h + stride - 1) / stride, ww = (w + stride - 1) / stride;
        float[] src = x.data(), dst = new float[c * hh * ww];
        for (int ch = 0, k = 0; ch < c; ch++) {
            for (int y = 0; y < hh; y++) {
                int row = (ch * h + y * stride) * w;
                for (int xx = 0; xx < ww; xx++) dst[k++] = src[row + xx * stride];
            }
        }
        return new Tensor(dst, c, hh, ww);
    }

    private void refresh() {
        NoiseSchedule s = model.schedule();
        List<ScheduleDiagnostics.Item> d = new ArrayList<>(ScheduleDiagnostics.of(s));
        int n = Math.max(1, Math.min(samplerSteps.get(), s.steps()));
        d.add(ScheduleDiagnostics.samplerVisit(s, n, spacing.get()));
        samplerTimesteps.set(spacing.get().timesteps(s.steps(), n, spacing.get() == TimestepSpacing.LEADING ? 1 : 0));
        diagnostics.set(List.copyOf(d));
    }

    /** The Karras σ grid for the current sampler step count (ρ = 7, σ range of the schedule). */
    public double[] karrasSigmas(double rho) {
        return KarrasSigmas.grid(Math.max(1, samplerSteps.get()), model.schedule(), rho);
    }

    /** The control points when the schedule is hand-drawn, else null. */
    public double[][] points() {
        List<ScheduleSpec.ControlPoint> cps = model.spec().controlPoints();
        if (cps.isEmpty()) return null;
        double[][] p = new double[cps.size()][];
        for (int i = 0; i < p.length; i++) p[i] = new double[]{cps.get(i).u(), cps.get(i).logSnr()};
        return p;
    }

    /** Turns the current schedule into editable control points that follow its log-SNR curve (one undo step). */
    public void convertToCustom() {
        if (!model.spec().controlPoints().isEmpty()) return;
        ScheduleSpec.Custom c = ScheduleSpec.Custom.approximating(model.schedule(), DEFAULT_POINTS);
        apply(c.withZeroTerminalSnr(model.spec().zeroTerminalSnr()), true);
    }

    public void beginDrag() {
        model.checkpoint();
    }

    /**
     * Moves point i to (u, logSnr), clamped so the curve stays valid: u strictly between its neighbours (the end
     * points keep u = 0 and 1), log-SNR strictly between its neighbours' and within ±30. Not a new undo step (the
     * drag's start was recorded by {@link #beginDrag}).
     */
    public void movePoint(int i, double u, double logSnr) {
        ScheduleSpec c = model.spec();
        if (c.controlPoints().isEmpty()) return;
        List<ScheduleSpec.ControlPoint> pts = new ArrayList<>(c.controlPoints());
        int n = pts.size();
        double gapU = 1e-4, gapL = 1e-3, max = ScheduleSpec.Custom.MAX_ABS_LOG_SNR - 1e-3;
        double lo = i == 0 ? 0 : pts.get(i - 1).u() + gapU, hi = i == n - 1 ? 1 : pts.get(i + 1).u() - gapU;
        double nu = i == 0 ? 0 : i == n - 1 ? 1 : Math.max(lo, Math.min(hi, u));
        double top = i == 0 ? max : pts.get(i - 1).logSnr() - gapL, bottom = i == n - 1 ? -max : pts.get(i + 1).logSnr() + gapL;
        double nl = Math.max(bottom, Math.min(top, logSnr));
        pts.set(i, new ScheduleSpec.ControlPoint(nu, nl));
        apply(c.withControlPoints(pts), false);
    }

    /** Inserts a point at u on the current curve (one undo step). */
    public void addPoint(double u) {
        ScheduleSpec c = model.spec();
        if (c.controlPoints().isEmpty()) return;
        if (c.controlPoints().size() >= ScheduleSpec.Custom.MAX_POINTS) return;
        List<ScheduleSpec.ControlPoint> pts = new ArrayList<>(c.controlPoints());
        int k = 1;
        while (k < pts.size() && pts.get(k).u() < u) k++;
        if (u <= pts.get(k - 1).u() + 1e-4 || u >= pts.get(k).u() - 1e-4) return;
        int tt = (int) Math.round(u * (c.steps() - 1));
        double l = Math.max(pts.get(k).logSnr() + 1e-3, Math.min(pts.get(k - 1).logSnr() - 1e-3, model.schedule().logSnr(tt)));
        pts.add(k, new ScheduleSpec.ControlPoint(u, l));
        apply(c.withControlPoints(pts), true);
    }

    /** Removes an inner point (the end points stay), one undo step. */
    public void removePoint(int i) {
        ScheduleSpec c = model.spec();
        if (c.controlPoints().isEmpty()) return;
        if (i <= 0 || i >= c.controlPoints().size() - 1) {
            message.set("The first and last points cannot be removed");
            return;
        }
        List<ScheduleSpec.ControlPoint> pts = new ArrayList<>(c.controlPoints());
        pts.remove(i);
        apply(c.withControlPoints(pts), true);
    }

    public void resetTo(String preset) {
        ScheduleSpec base = ScheduleSpec.preset(preset).withSteps(model.spec().steps());
        apply(base, true);
    }

    private void apply(ScheduleSpec s, boolean record) {
        try {
            model.apply(s, record);
            message.set("");
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
        }
    }

    /** Pins the current schedule for comparison (the oldest pin goes when there are four). */
    public void pinCurrent() {
        String name = describe(model.spec());
        if (pinned.size() >= MAX_PINNED) pinned.remove(0);
        pinned.add(new Pinned(name, model.schedule()));
    }

    public void pinPreset(String preset) {
        if (pinned.size() >= MAX_PINNED) pinned.remove(0);
        ScheduleSpec s = ScheduleSpec.preset(preset).withSteps(model.spec().steps());
        pinned.add(new Pinned(preset, NoiseSchedule.of(s)));
    }

    public static String describe(ScheduleSpec s) {
        String base = s.presetName() + " T=" + s.steps();
        if (!s.controlPoints().isEmpty()) base = "custom (" + s.controlPoints().size() + " points) T=" + s.steps();
        return s.zeroTerminalSnr() ? base + ", zero SNR" : base;
    }

    public ScheduleModel model() { return model; }
    public IntegerProperty tProperty() { return t; }
    public ObservableList<Pinned> pinned() { return pinned; }
    public IntegerProperty samplerStepsProperty() { return samplerSteps; }
    public ObjectProperty<TimestepSpacing> spacingProperty() { return spacing; }
    public ReadOnlyObjectProperty<List<ScheduleDiagnostics.Item>> diagnosticsProperty() { return diagnostics.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<int[]> samplerTimestepsProperty() { return samplerTimesteps.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<String> messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<Thumbnail>> thumbnailsProperty() { return thumbnails.getReadOnlyProperty(); }
}
