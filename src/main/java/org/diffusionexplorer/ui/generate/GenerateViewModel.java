package org.diffusionexplorer.ui.generate;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * The Generate view's state: what to sample from and how (sources, sampler options, seed, count), the run (load,
 * sample, pause, resume, cancel), and the trajectory it leaves to inspect: the scrubbed step, the focused sample, a
 * branch beside it, a comparison of configurations, the particles' field. No JavaFX nodes; runs go to the
 * {@code worker} task runner and come back through it. While a run goes, the view calls {@link #poll()} once per
 * screen pulse: it takes the newest step, if there is one, and nothing is ever queued per step.
 */
public final class GenerateViewModel {
    public enum State { IDLE, LOADING, RUNNING, PAUSED }

    public static final List<Integer> COUNTS = SamplerOptions.COUNTS;
    public static final int DEFAULT_RESOLUTION = SamplerOptions.DEFAULT_RESOLUTION, MAX_RESOLUTION = SamplerOptions.MAX_RESOLUTION,
            MIN_RESOLUTION = SamplerOptions.MIN_RESOLUTION;

    private final SourceLoader loader;
    private final ObservableValue<NoiseSchedule> liveSchedule;
    private final ExplorerState explorer;
    private final RunLauncher launcher;
    private final ImageRuns imageRuns;

    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source");
    /** The sampler, its options, seed, count and resolution. */
    private final SamplerOptions options = new SamplerOptions();
    /** Classifier-free guidance: the class, the scale w, and the two predictions of a guided run. */
    final GuidanceModel guide;

    final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    final ReadOnlyObjectWrapper<Trajectory> trajectory = new ReadOnlyObjectWrapper<>(this, "trajectory");
    final ReadOnlyObjectWrapper<LoadedSource> loaded = new ReadOnlyObjectWrapper<>(this, "loaded");
    final ReadOnlyStringWrapper runLabel = new ReadOnlyStringWrapper(this, "runLabel", "");
    private final IntegerProperty step = new SimpleIntegerProperty(this, "step");
    final ReadOnlyIntegerWrapper maxStep = new ReadOnlyIntegerWrapper(this, "maxStep");
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected");
    private final ReadOnlyIntegerWrapper frameVersion = new ReadOnlyIntegerWrapper(this, "frameVersion");
    final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper cli = new ReadOnlyStringWrapper(this, "cli", "");
    private final ReadOnlyStringWrapper scheduleNote = new ReadOnlyStringWrapper(this, "scheduleNote", "");
    final ReadOnlyObjectWrapper<Trajectory> branch = new ReadOnlyObjectWrapper<>(this, "branch");
    final ReadOnlyStringWrapper branchLabel = new ReadOnlyStringWrapper(this, "branchLabel", "");
    int branchFrom;
    final ObservableList<RunConfig> compareConfigs = FXCollections.observableArrayList();
    final ReadOnlyObjectWrapper<List<Trajectory>> compareResults = new ReadOnlyObjectWrapper<>(this, "compareResults", List.of());
    private final IntegerProperty comparePercent = new SimpleIntegerProperty(this, "comparePercent", 100);
    final ReadOnlyStringWrapper roundTrip = new ReadOnlyStringWrapper(this, "roundTrip", "");
    private final BooleanProperty trails = new SimpleBooleanProperty(this, "trails");
    private final BooleanProperty showField = new SimpleBooleanProperty(this, "showField", true);
    private final ParticleField field;

    RunConfig runConfig;        // what made the trajectory (null for a trajectory read from files)
    long[] seeds = new long[0]; // seed of each sample
    double[][] nearest;         // exact denoisers of images: {data index, mean squared difference} per sample
    int stride = 1;
    boolean plainSample;        // the trajectory is a plain sampling run (so "vary this one" can redo one seed)

    public GenerateViewModel(TaskRunner worker, SourceLoader loader, ObservableValue<NoiseSchedule> liveSchedule,
                             ExplorerState explorer) {
        this.loader = loader;
        this.liveSchedule = liveSchedule;
        this.explorer = explorer;
        this.guide = new GuidanceModel(worker);
        this.launcher = new RunLauncher(this, worker, loader);
        this.imageRuns = new ImageRuns(this, launcher);
        this.field = new ParticleField(worker);
        field.arrowsProperty().addListener((o, a, b) -> frameVersion.set(frameVersion.get() + 1));
        source.addListener((o, a, s) -> {
            if (s != null) applyDefaults(s);
            guide.sourceChanged(loader.classNames(s));
            updateCli();
        });
        guide.classIndex.addListener((o, a, b) -> updateCli());
        guide.scale.addListener((o, a, b) -> updateCli());
        for (ObservableValue<?> v : options.commandOptions()) v.addListener((o, a, b) -> updateCli());
        liveSchedule.addListener((o, a, b) -> updateCli());
        step.addListener((o, a, b) -> changed());
        selected.addListener((o, a, b) -> changed());
        comparePercent.addListener((o, a, b) -> changed());
        showField.addListener((o, a, b) -> changed());
        trails.addListener((o, a, b) -> changed());
    }

    /** The list of sources: every model id, then the exact denoisers. Keeps the selection when it is still there. */
    public void setModels(List<String> modelIds, List<String> toySets) {
        Source keep = source.get();
        List<Source> all = new ArrayList<>();
        for (String id : modelIds) all.add(Source.model(id));
        all.add(Source.forwardImage());
        for (String t : toySets) all.add(Source.toy(t));
        if (keep != null && keep.kind() == Source.Kind.FOLDER) all.add(keep);
        sources.setAll(all);
        if (keep == null || !all.contains(keep)) source.set(all.isEmpty() ? null : all.get(0));
    }

    /** A dropped or chosen folder of images becomes the source (its exact denoiser). */
    public void useFolder(String path) {
        Source f = Source.folder(path);
        sources.removeIf(s -> s.kind() == Source.Kind.FOLDER);
        sources.add(f);
        source.set(f);
    }

    /** Selects a model by id (the Train tab's "Open in Generate"); returns whether it is in the list. */
    public boolean selectModel(String id) {
        for (Source s : sources) {
            if (s.kind() == Source.Kind.MODEL && s.id().equals(id)) {
                source.set(s);
                return true;
            }
        }
        return false;
    }

    void applyDefaults(Source s) {
        options.applyDefaults(s);
    }

    /** The configuration the controls describe; throws with a message when a value is out of range. */
    public RunConfig currentConfig() {
        return options.config(source.get());
    }

    /** Classifier-free guidance for a run of count samples from seed, or null (no class, or an unconditional source). */
    org.diffusionexplorer.core.sampling.Guidance guidanceFor(LoadedSource ls, int count, long seed) {
        return guide.forRun(ls.denoiser(), count, seed);
    }

    private void updateCli() {
        Source s = source.get();
        NoiseSchedule live = liveSchedule.getValue();
        scheduleNote.set(s == null ? "" : s.exact()
                ? "Schedule: the Schedule editor's (" + live.spec().presetName() + ", T = " + live.steps() + "); editing it there changes what you sample here."
                : "Schedule: the model's own (from its model.json).");
        try {
            RunConfig rc = currentConfig();
            String m = loader.cliModel(s);
            String c = CliCommand.of(m, s.exact(), !s.points(), options.resolution.get(), live.spec(), rc, "samples");
            if (c != null) c = c.replace(" --count ", guide.cliOptions() + " --count ");
            cli.set(c == null ? "(no sample command for the exact denoiser of a toy set; use a toy model, e.g. toy-moons)" : c);
        } catch (IllegalArgumentException e) {
            cli.set("(" + e.getMessage() + ")");
        }
    }

    // ---- runs (the work is in RunLauncher) ----

    /** Samples with the current configuration. */
    public void run() {
        launcher.sample();
    }

    /** At the scrubbed step of the finished run: continue with another sampler, step count and seed, beside the original. */
    public void branch(SamplerKind kind, int branchSteps, long branchSeed) {
        launcher.branch(kind, branchSteps, branchSeed);
    }

    /** SDEdit: the Forward tab's image noised to t = strength·(T−1) with each sample's seed, then denoised. */
    public void sdedit(double strength) {
        imageRuns.sdedit(strength, explorer.x0());
    }

    /** DDIM inversion of the Forward tab's image, then DDIM sampling back, with the PSNR of the round trip. */
    public void invert() {
        imageRuns.invert(explorer.x0());
    }

    /** Re-samples only the focused sample with fresh noise (a new seed), the others stay. */
    public void varySelected() {
        launcher.vary(selected.get(), new java.util.SplittableRandom().nextLong(1, 1_000_000_000L));
    }

    /** Adds the current configuration to the comparison (at most four). */
    public void addToCompare() {
        try {
            RunConfig rc = currentConfig();
            if (compareConfigs.size() >= 4) throw new IllegalArgumentException("compare at most four configurations");
            compareConfigs.add(rc);
            info("Comparison: " + compareConfigs.size() + " configuration(s); add 2 to 4, then Run comparison");
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    public void clearCompare() {
        compareConfigs.clear();
        compareResults.set(List.of());
        changed();
    }

    /** Runs the comparison's configurations one after the other, from the same seeds. */
    public void runCompare() {
        launcher.compare(List.copyOf(compareConfigs));
    }

    public void pause() {
        launcher.pause();
    }

    public void resume() {
        launcher.resume();
    }

    /** Space while idle plays the scrub; while running it pauses and resumes. */
    public void togglePause() {
        if (state.get() == State.RUNNING) pause();
        else if (state.get() == State.PAUSED) resume();
    }

    /** Stops the run at the next step; the partial trajectory stays. */
    public void cancel() {
        launcher.cancel();
    }

    /** Takes the newest step of a running job, if there is one (called once per screen pulse). */
    public boolean poll() {
        return launcher.poll();
    }

    /** Shows a trajectory read from files (File › Open trajectory…): inspect only, no branch. */
    public void showTrajectory(Trajectory tr, String name) {
        if (state.get() != State.IDLE) {
            fail("wait for the run to finish (or cancel it) before opening a trajectory");
            return;
        }
        setResult(tr, null, null, "file: " + name);
        info("Opened " + name + ": " + tr.steps() + " steps, " + tr.count() + " samples, kept steps " + tr.describeKept());
    }

    /** Installs a finished (or partial) main trajectory. */
    void setResult(Trajectory tr, LoadedSource ls, RunConfig rc, String label) {
        runConfig = rc;
        guide.runShown(null);
        loaded.set(ls);
        branch.set(null);
        branchLabel.set("");
        runLabel.set(label);
        int n = tr.count();
        seeds = new long[n];
        for (int i = 0; i < n; i++) seeds[i] = rc == null ? -1 : rc.seed() + i;
        nearest = null;
        showLive(tr);
        if (selected.get() >= n) selected.set(0);
    }

    /** The trajectory of the running main job, or its end. */
    void showLive(Trajectory tr) {
        trajectory.set(tr);
        maxStep.set(tr.completed());
        int[] kept = tr.keptSteps();
        stride = kept.length > 1 ? kept[1] - kept[0] : 1;
        step.set(tr.completed());
        changed();
    }

    void changed() {
        frameVersion.set(frameVersion.get() + 1);
        Trajectory tr = trajectory.get();
        LoadedSource ls = loaded.get();
        requestGuidePredictions(tr, ls);
        if (showField.get() && tr != null && ls != null && !ls.images() && state.get() == State.IDLE) {
            int k = shownStep();
            if (k < tr.steps()) field.request(ls.denoiser(), tr.t(k), tr.alphaBar(k), range());
        }
    }

    /** For a guided image run shown while idle: the two predictions its sampler mixed, at the shown step. */
    private void requestGuidePredictions(Trajectory tr, LoadedSource ls) {
        if (guide.ofRun == null || tr == null || ls == null || !ls.images() || state.get() != State.IDLE || runConfig == null
                || shownStep() >= tr.steps()) {
            guide.clear();
            return;
        }
        int k = shownStep();
        guide.request(ls.denoiser(), runConfig.config().clipX0(), shownFrame().xt(), selected.get(), tr.t(k), tr.alphaBar(k));
    }

    public ReadOnlyObjectProperty<Tensor[]> guidePredictionsProperty() { return guide.predictionsProperty(); }

    void info(String text) {
        message.set(text);
        error.set(false);
    }

    void fail(String text) {
        message.set(text);
        error.set(true);
    }

    // ---- what is shown ----

    /** The kept grid point shown for the scrubbed step (the nearest kept one). */
    public int shownStep() {
        Trajectory tr = trajectory.get();
        if (tr == null) return 0;
        return tr.nearestKept(Math.min(step.get(), tr.completed()));
    }

    /** x_k, x̂₀ and ε̂ of the focused sample at the shown step; x̂₀/ε̂ null at the end or before the step ran. */
    public Trajectory.Frame shownFrame() {
        return frameAt(shownStep());
    }

    /** As {@link #shownFrame} at kept step k of the main trajectory. */
    public Trajectory.Frame frameAt(int k) {
        Trajectory tr = trajectory.get();
        if (tr == null) return null;
        Trajectory.Frame f = tr.frame(k);
        int i = Math.min(selected.get(), f.xt().dim(0) - 1);
        return new Trajectory.Frame(f.xt().item(i), f.x0Hat() == null ? null : f.x0Hat().item(i), f.epsHat() == null ? null : f.epsHat().item(i));
    }

    /** The step of the branch that lines up with the shown step of the original (by the fraction of the remaining way), or −1. */
    public int branchStep() {
        Trajectory b = branch.get(), tr = trajectory.get();
        if (b == null || tr == null) return -1;
        int k = shownStep();
        if (k < branchFrom) return -1;
        double f = tr.steps() == branchFrom ? 1 : (double) (k - branchFrom) / (tr.steps() - branchFrom);
        return b.nearestKept(Math.min(b.completed(), (int) Math.round(f * b.steps())));
    }

    /** For comparison i, the kept step at the scrubbed fraction of its trajectory. */
    public int compareStep(int i) {
        Trajectory c = compareResults.get().get(i);
        int k = (int) Math.round(comparePercent.get() / 100.0 * c.steps());
        return c.nearestKept(Math.min(k, c.completed()));
    }

    /** The readouts at the shown step: step k/N, t, σ, ᾱ, SNR. */
    public String[][] readouts() {
        return ShownText.readouts(trajectory.get(), shownStep(), step.get());
    }

    /** "sample 3 · seed 4" and, for exact denoisers of images, the data image it ended on. */
    public String focusText() {
        return ShownText.focus(trajectory.get(), selected.get(), seeds, nearest, loaded.get());
    }

    /** The data image the focused sample ended on (exact denoisers of images), or null. */
    public Tensor nearestImage() {
        LoadedSource ls = loaded.get();
        int i = selected.get();
        if (nearest == null || ls == null || ls.data() == null || i >= nearest.length) return null;
        return ls.data().item((int) nearest[i][0]);
    }

    /** The kept steps in words. */
    public String keptText() {
        return ShownText.kept(trajectory.get());
    }

    /** Half-width of the particle view's square: the data's extent with a margin. */
    public double range() {
        LoadedSource ls = loaded.get();
        double m = 2.0;
        Tensor ref = ls != null && ls.data() != null ? ls.data() : null;
        if (ref != null) for (float v : ref.data()) if (Float.isFinite(v)) m = Math.max(m, Math.abs(v));
        return Math.min(20, m * 1.25);
    }

    public boolean busy() {
        return state.get() != State.IDLE;
    }

    public long seedOf(int i) {
        return i < seeds.length ? seeds[i] : -1;
    }

    public NoiseSchedule liveSchedule() { return liveSchedule.getValue(); }
    public ParticleField field() { return field; }
    public ObservableList<Source> sources() { return sources; }
    public ObjectProperty<Source> sourceProperty() { return source; }
    public javafx.collections.ObservableList<String> classNames() { return guide.classNames; }
    public IntegerProperty classIndexProperty() { return guide.classIndex; }
    public DoubleProperty guidanceProperty() { return guide.scale; }
    public ObjectProperty<SamplerKind> samplerProperty() { return options.sampler; }
    public IntegerProperty stepsProperty() { return options.steps; }
    public ObjectProperty<TimestepSpacing> spacingProperty() { return options.spacing; }
    public BooleanProperty karrasProperty() { return options.karras; }
    public DoubleProperty rhoProperty() { return options.rho; }
    public DoubleProperty sigmaMinProperty() { return options.sigmaMin; }
    public DoubleProperty sigmaMaxProperty() { return options.sigmaMax; }
    public DoubleProperty etaProperty() { return options.eta; }
    public BooleanProperty fixedLargeProperty() { return options.fixedLarge; }
    public BooleanProperty clipProperty() { return options.clip; }
    public LongProperty seedProperty() { return options.seed; }
    public IntegerProperty countProperty() { return options.count; }
    public IntegerProperty resolutionProperty() { return options.resolution; }
    public IntegerProperty particlesProperty() { return options.particles; }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Trajectory> trajectoryProperty() { return trajectory.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LoadedSource> loadedProperty() { return loaded.getReadOnlyProperty(); }
    public ReadOnlyStringProperty runLabelProperty() { return runLabel.getReadOnlyProperty(); }
    public IntegerProperty stepProperty() { return step; }
    public ReadOnlyIntegerProperty maxStepProperty() { return maxStep.getReadOnlyProperty(); }
    public IntegerProperty selectedProperty() { return selected; }
    public ReadOnlyIntegerProperty frameVersionProperty() { return frameVersion.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty cliProperty() { return cli.getReadOnlyProperty(); }
    public ReadOnlyStringProperty scheduleNoteProperty() { return scheduleNote.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Trajectory> branchProperty() { return branch.getReadOnlyProperty(); }
    public ReadOnlyStringProperty branchLabelProperty() { return branchLabel.getReadOnlyProperty(); }
    public ObservableList<RunConfig> compareConfigs() { return compareConfigs; }
    public ReadOnlyObjectProperty<List<Trajectory>> compareResultsProperty() { return compareResults.getReadOnlyProperty(); }
    public IntegerProperty comparePercentProperty() { return comparePercent; }
    public ReadOnlyStringProperty roundTripProperty() { return roundTrip.getReadOnlyProperty(); }
    public BooleanProperty trailsProperty() { return trails; }
    public BooleanProperty showFieldProperty() { return showField; }
    public RunConfig runConfig() { return runConfig; }
}
