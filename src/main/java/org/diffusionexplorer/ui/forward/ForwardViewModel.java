package org.diffusionexplorer.ui.forward;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.forward.MarkovChain;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Histogram;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.LatestWins;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.TaskRunner;

/**
 * State of the forward explorer: the image x_0, a fixed ε (from the seed) and the timestep t, kept in the shared
 * {@link ExplorerState} so the other tabs see them; the process mode and playback; and the four rendered panels
 * (x_0, x_t, ε, √ᾱ_t·x_0) as ARGB pixels with readouts and a histogram of x_t.
 * Every frame (closed form or Markov chain) is rendered on a worker through the task runner's {@link LatestWins}:
 * the newest requested t is the one that ends shown, and the FX thread only publishes finished pixels (two bulk
 * copies) and readouts, so scrubbing a large image stays at screen rate. Pixel arrays are recycled between frames.
 */
public final class ForwardViewModel {
    public enum Mode { CLOSED_FORM, MARKOV_CHAIN }

    public static final int HISTOGRAM_BINS = 60;
    public static final double HISTOGRAM_RANGE = 4.0;

    private final ScheduleModel scheduleModel;
    private final ExplorerState state;
    private final LatestWins<FrameRequest, Frame> frames;
    private final java.util.concurrent.ConcurrentLinkedQueue<int[]> spares = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final ReadOnlyObjectWrapper<LoadedImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final IntegerProperty t;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.CLOSED_FORM);
    private final BooleanProperty playing = new SimpleBooleanProperty(this, "playing");
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 250); // timesteps per second
    private final ReadOnlyIntegerWrapper frameVersion = new ReadOnlyIntegerWrapper(this, "frameVersion");
    private final ReadOnlyIntegerWrapper shownT = new ReadOnlyIntegerWrapper(this, "shownT");
    private final ReadOnlyObjectWrapper<Histogram> histogram = new ReadOnlyObjectWrapper<>(this, "histogram");
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final Readouts readouts = new Readouts();

    private Tensor x0, eps;
    private FrameRenderer.Moments moments;
    private int[] x0Argb, xtArgb, epsArgb, signalArgb;
    private float[] markovState;
    private ChainKey chainKey;             // which chain the requests walk (FX thread); a new one after any reset
    private ChainKey walkedKey;            // the chain the worker holds (worker side only)
    private MarkovChain walked;
    private double playAccumulator;
    private long presentNanos, presented;
    private NoiseSchedule shownSchedule;    // the schedule of the frame on screen (a newer one may be on its way)

    /** One chain: identity matters, so a reset starts a fresh walk even for equal inputs. */
    private static final class ChainKey {
        final NoiseSchedule schedule;
        final Tensor x0;
        final long seed;

        ChainKey(NoiseSchedule schedule, Tensor x0, long seed) {
            this.schedule = schedule;
            this.x0 = x0;
            this.seed = seed;
        }
    }

    /** What one frame shows; the worker renders it, the FX thread only publishes it. */
    private record FrameRequest(Mode mode, NoiseSchedule schedule, Tensor x0, Tensor eps, FrameRenderer.Moments moments,
                                ChainKey chain, int t) {
    }

    /** A rendered frame: both panels' pixels, Σ(x_t − x_0)², the histogram, and x_t itself for a chain frame. */
    private record Frame(int[] xt, int[] signal, double sumSquares, Histogram histogram, Tensor chainXt) {
    }

    public ForwardViewModel(ScheduleModel scheduleModel, ExplorerState state, TaskRunner worker) {
        this.scheduleModel = scheduleModel;
        this.state = state;
        this.t = state.tProperty();
        this.frames = worker.latestWins(this::renderFrame, this::showFrame);
        t.addListener((o, a, b) -> render());
        scheduleModel.scheduleProperty().addListener((o, a, b) -> {
            if (t.get() > b.steps() - 1) t.set(b.steps() - 1);
            resetChain();
            render();
        });
        state.imageProperty().addListener((o, a, b) -> { // a new image or a new seed: a new ε
            if (b == null || b.x0() != x0) return;
            makeNoise(b.eps());
            render();
        });
        mode.addListener((o, a, b) -> {
            resetChain();
            render();
        });
    }

    /** Replaces x_0 (keeping the seed): the shared state draws ε for the new shape, then x_t renders at the current t. */
    public void setImage(LoadedImage img) {
        image.set(img);
        x0 = img.pixels();
        int n = img.width() * img.height();
        x0Argb = new int[n];
        xtArgb = new int[n];
        epsArgb = new int[n];
        signalArgb = new int[n];
        spares.clear();
        FrameRenderer.render(1f, x0.data(), 0f, null, img.channels(), x0Argb);
        state.setImage(x0, img.name()); // its listener above makes the noise panels and renders
    }

    private void makeNoise(Tensor noise) {
        eps = noise;
        moments = FrameRenderer.Moments.of(x0.data(), eps.data());
        FrameRenderer.render(0f, x0.data(), 0.5f, eps.data(), x0.dim(0), epsArgb); // ε/2: ±2σ fills the range
        resetChain();
    }

    private void resetChain() {
        chainKey = null;
        markovState = null;
    }

    /** New random seed ("new noise"). */
    public void newNoise() {
        state.seedProperty().set(new java.util.SplittableRandom().nextLong(0, 1_000_000_000L));
    }

    /**
     * Asks the worker for the frame at the current t (latest wins): on the FX thread this is only a request, so a
     * scrub over a large image never waits for the pixels, the histogram or a Markov walk.
     */
    private void render() {
        if (x0 == null) return;
        NoiseSchedule s = scheduleModel.schedule();
        int tt = Math.min(t.get(), s.steps() - 1);
        ChainKey chain = null;
        if (mode.get() == Mode.MARKOV_CHAIN) {
            if (chainKey == null) chainKey = new ChainKey(s, x0, state.seedProperty().get());
            chain = chainKey;
            busy.set(true);
        }
        frames.submit(new FrameRequest(mode.get(), s, x0, eps, moments, chain, tt));
    }

    /** On the worker: both panels, Σ(x_t − x_0)² and the histogram of x_t, in the closed form or along the chain. */
    private Frame renderFrame(FrameRequest r) {
        Tensor img = r.x0();
        int c = img.dim(0), n = img.dim(1) * img.dim(2);
        int[] xt = spare(n), signal = spare(n);
        float a = (float) r.schedule().sqrtAlphaBar(r.t());
        int stride = Math.max(1, img.size() / 65536);
        if (r.mode() == Mode.CLOSED_FORM) {
            float b = (float) r.schedule().sqrtOneMinusAlphaBar(r.t());
            FrameRenderer.renderWithSignal(a, img.data(), b, r.eps().data(), c, xt, signal);
            Histogram h = Histogram.of(a, img.data(), b, r.eps().data(), HISTOGRAM_BINS, -HISTOGRAM_RANGE, HISTOGRAM_RANGE, stride);
            return new Frame(xt, signal, r.moments().sumSquaredError(a, b), h, null);
        }
        ChainKey k = r.chain();
        if (walkedKey != k) {
            walked = new MarkovChain(k.schedule, k.x0, k.seed);
            walkedKey = k;
        }
        Tensor chainXt = walked.at(r.t());
        float[] xd = chainXt.data(), x0d = img.data();
        FrameRenderer.render(1f, xd, 0f, null, c, xt);
        FrameRenderer.render(a, x0d, 0f, null, c, signal);
        double sumSq = 0;
        for (int i = 0; i < xd.length; i++) {
            double d = xd[i] - x0d[i];
            sumSq += d * d;
        }
        Histogram h = Histogram.of(1f, xd, 0f, null, HISTOGRAM_BINS, -HISTOGRAM_RANGE, HISTOGRAM_RANGE, stride);
        return new Frame(xt, signal, sumSq, h, chainXt);
    }

    /** On the FX thread: shows a frame unless the image, the noise or the mode changed meanwhile. */
    private void showFrame(FrameRequest r, Frame f, boolean newest) {
        long start = System.nanoTime();
        if (newest) busy.set(false); // only chain requests set it, but a chain result may be superseded by a closed-form one
        if (f == null) return;
        if (r.x0() != x0 || r.eps() != eps || r.mode() != mode.get() || (r.chain() != null && r.chain() != chainKey)) {
            recycle(f.xt());
            recycle(f.signal());
            return;
        }
        int[] oldXt = xtArgb, oldSignal = signalArgb;
        xtArgb = f.xt();
        signalArgb = f.signal();
        markovState = f.chainXt() == null ? null : f.chainXt().data();
        shownSchedule = r.schedule();
        readouts.update(r.schedule(), r.t(), FrameRenderer.psnr(f.sumSquares(), x0.size()));
        readout.set(readouts.text());
        histogram.set(f.histogram());
        shownT.set(r.t());
        frameVersion.set(frameVersion.get() + 1); // the view copies the pixels now
        recycle(oldXt);
        recycle(oldSignal);
        presentNanos += System.nanoTime() - start;
        presented++;
    }

    /** A pixel array of n for the worker: a recycled one of the right size, or a new one. */
    private int[] spare(int n) {
        for (int[] a; (a = spares.poll()) != null; ) {
            if (a.length == n) return a;
        }
        return new int[n];
    }

    /** Gives a shown frame's array back once a newer frame replaced it (the view has copied it by then). */
    private void recycle(int[] a) {
        if (a != null && spares.size() < 6) spares.offer(a);
    }

    /** Time the FX thread spent publishing frames (readouts, histogram, the view's pixel copies), for the scrub benchmark. */
    public long presentNanos() { return presentNanos; }

    /** Frames published so far. */
    public long presentedFrames() { return presented; }

    /** Advances playback by the elapsed time; stops at T−1. Returns whether still playing. */
    public boolean tick(double seconds) {
        if (!playing.get()) return false;
        playAccumulator += seconds * speed.get();
        int steps = (int) playAccumulator;
        if (steps == 0) return true;
        playAccumulator -= steps;
        int last = scheduleModel.schedule().steps() - 1;
        int next = Math.min(last, t.get() + steps);
        t.set(next);
        if (next >= last) playing.set(false);
        return playing.get();
    }

    /** Space: play from the current t (from 0 if at the end), or pause. */
    public void togglePlay() {
        if (!playing.get() && t.get() >= scheduleModel.schedule().steps() - 1) t.set(0);
        playAccumulator = 0;
        playing.set(!playing.get());
    }

    /** x_t as a tensor at the shown t (for saving). */
    public Tensor currentXt() {
        if (mode.get() == Mode.MARKOV_CHAIN && markovState != null) return new Tensor(markovState.clone(), x0.shape());
        NoiseSchedule s = shownSchedule != null ? shownSchedule : scheduleModel.schedule(); // the one on screen
        return ForwardProcess.closedForm(s, Math.min(shownT.get(), s.steps() - 1), x0, eps);
    }

    public Tensor x0() { return x0; }
    public Tensor eps() { return eps; }
    public int[] x0Pixels() { return x0Argb; }
    public int[] xtPixels() { return xtArgb; }
    public int[] epsPixels() { return epsArgb; }
    public int[] signalPixels() { return signalArgb; }
    public Readouts readouts() { return readouts; }
    public ScheduleModel scheduleModel() { return scheduleModel; }

    public ReadOnlyObjectProperty<LoadedImage> imageProperty() { return image.getReadOnlyProperty(); }
    public IntegerProperty tProperty() { return t; }
    public LongProperty seedProperty() { return state.seedProperty(); }
    public ObjectProperty<Mode> modeProperty() { return mode; }
    public BooleanProperty playingProperty() { return playing; }
    public DoubleProperty speedProperty() { return speed; }
    public ReadOnlyIntegerProperty frameVersionProperty() { return frameVersion.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty shownTProperty() { return shownT.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Histogram> histogramProperty() { return histogram.getReadOnlyProperty(); }
    public ReadOnlyStringProperty readoutProperty() { return readout.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
}
