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
 * In closed-form mode a frame is rendered synchronously (one fused pass, ~1 ms for 512²); the Markov-chain mode
 * runs on a worker through the task runner's {@link LatestWins}: the newest requested t is the one that ends shown.
 */
public final class ForwardViewModel {
    public enum Mode { CLOSED_FORM, MARKOV_CHAIN }

    public static final int HISTOGRAM_BINS = 60;
    public static final double HISTOGRAM_RANGE = 4.0;

    private final ScheduleModel scheduleModel;
    private final ExplorerState state;
    private final LatestWins<ChainRequest, ChainFrame> chainFrames;

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

    private record ChainRequest(ChainKey key, int t) {
    }

    private record ChainFrame(Tensor xt, int[] argb, double sumSquares, Histogram histogram) {
    }

    public ForwardViewModel(ScheduleModel scheduleModel, ExplorerState state, TaskRunner worker) {
        this.scheduleModel = scheduleModel;
        this.state = state;
        this.t = state.tProperty();
        this.chainFrames = worker.latestWins(this::walkChain, this::showChainFrame);
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

    private void render() {
        if (x0 == null) return;
        NoiseSchedule s = scheduleModel.schedule();
        int tt = Math.min(t.get(), s.steps() - 1);
        if (mode.get() == Mode.MARKOV_CHAIN) {
            requestChainFrame(tt);
            return;
        }
        float a = (float) s.sqrtAlphaBar(tt), b = (float) s.sqrtOneMinusAlphaBar(tt);
        int c = x0.dim(0);
        FrameRenderer.renderWithSignal(a, x0.data(), b, eps.data(), c, xtArgb, signalArgb);
        double sq = moments.sumSquaredError(a, b);
        int stride = Math.max(1, x0.size() / 65536);
        publish(tt, sq, Histogram.of(a, x0.data(), b, eps.data(), HISTOGRAM_BINS, -HISTOGRAM_RANGE, HISTOGRAM_RANGE, stride));
    }

    private void publish(int tt, double sumSquares, Histogram h) {
        NoiseSchedule s = scheduleModel.schedule();
        readouts.update(s, tt, FrameRenderer.psnr(sumSquares, x0.size()));
        readout.set(readouts.text());
        histogram.set(h);
        shownT.set(tt);
        frameVersion.set(frameVersion.get() + 1);
    }

    /** Markov mode: the worker walks the chain to the newest requested t and renders it (latest wins). */
    private void requestChainFrame(int tt) {
        if (chainKey == null) chainKey = new ChainKey(scheduleModel.schedule(), x0, state.seedProperty().get());
        busy.set(true);
        chainFrames.submit(new ChainRequest(chainKey, tt));
    }

    /** On the worker: x_t of the chain, its pixels, its squared error against x_0 and its histogram. */
    private ChainFrame walkChain(ChainRequest r) {
        ChainKey k = r.key();
        if (walkedKey != k) {
            walked = new MarkovChain(k.schedule, k.x0, k.seed);
            walkedKey = k;
        }
        Tensor xt = walked.at(r.t());
        Tensor img = k.x0;
        int[] out = new int[img.dim(1) * img.dim(2)];
        FrameRenderer.render(1f, xt.data(), 0f, null, img.dim(0), out);
        double sumSq = 0;
        float[] xd = xt.data(), x0d = img.data();
        for (int i = 0; i < xd.length; i++) {
            double d = xd[i] - x0d[i];
            sumSq += d * d;
        }
        Histogram h = Histogram.of(1f, xd, 0f, null, HISTOGRAM_BINS, -HISTOGRAM_RANGE, HISTOGRAM_RANGE,
                Math.max(1, xd.length / 65536));
        return new ChainFrame(xt, out, sumSq, h);
    }

    /** On the FX thread: shows a chain frame unless the image or the mode changed meanwhile. */
    private void showChainFrame(ChainRequest r, ChainFrame f, boolean newest) {
        if (newest) busy.set(false);
        if (f == null || r.key().x0 != x0 || mode.get() != Mode.MARKOV_CHAIN) return;
        System.arraycopy(f.argb(), 0, xtArgb, 0, f.argb().length);
        markovState = f.xt().data();
        NoiseSchedule cur = scheduleModel.schedule();
        FrameRenderer.render((float) cur.sqrtAlphaBar(r.t()), x0.data(), 0f, null, x0.dim(0), signalArgb);
        publish(r.t(), f.sumSquares(), f.histogram());
    }

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
        return ForwardProcess.closedForm(scheduleModel.schedule(), shownT.get(), x0, eps);
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
