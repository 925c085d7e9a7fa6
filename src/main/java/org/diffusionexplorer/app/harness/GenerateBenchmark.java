package org.diffusionexplorer.app.harness;

import javafx.application.Platform;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.ui.common.FxBlockProbe;
import org.diffusionexplorer.ui.generate.GenerateViewModel;
import org.diffusionexplorer.ui.generate.LoadedSource;
import org.diffusionexplorer.ui.generate.Source;
import org.diffusionexplorer.ui.main.MainWindow;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench --ui generate}: in the real window, samples fashion-mnist (16 samples, DDIM 50) in the Generate tab and
 * prints one JSON line: the wall time in the window, the same sampling without the window in this process just
 * before (after a warm-up, same denoiser instance, same engine and threads; the window too gets a warm-up run of
 * its own), the distinct steps painted, and the
 * longest FX-thread block (a runLater probe every 2 ms). Then the app exits.
 */
final class GenerateBenchmark {
    static final String MODEL = "fashion-mnist";
    static final int COUNT = 16, STEPS = 50;

    private GenerateBenchmark() {
    }

    static void run(MainWindow w) {
        Thread t = new Thread(() -> {
            try {
                measure(w);
            } catch (Throwable e) {
                System.err.println("error: bench --ui generate failed: " + e);
                Platform.runLater(Platform::exit);
            }
        }, "de-bench-generate");
        t.setDaemon(true);
        t.start();
    }

    private static void measure(MainWindow w) throws Exception {
        GenerateViewModel vm = w.generateViewModel();
        // the same run in the window first: loads the model into the window's loader and warms the window's path up
        // as the headless side is warmed up below (with a one-step run, C1 and C2 compiled JavaFX's painting code
        // during the measured run, on the cores the sampling needs: 1.23-1.54x instead of 1.20-1.38x, wave 2 session 11)
        onFxAndWait(w, vm, () -> {
            w.mainView().tabs().getSelectionModel().select(w.generateTab());
            if (!vm.selectModel(MODEL)) throw new IllegalStateException("no model " + MODEL);
            vm.countProperty().set(COUNT);
            vm.stepsProperty().set(STEPS);
            vm.seedProperty().set(0);
        }, true);
        LoadedSource ls = w.sourceLoader().load(Source.model(MODEL), 64, vm.liveSchedule());
        SamplerConfig cfg = vm.currentConfig().config().withSteps(STEPS);
        SamplingRun headless = new SamplingRun(ls.denoiser(), ls.schedule(), SamplerKind.DDIM, cfg, 0, COUNT);
        headless.run(null, () -> false); // warm-up
        long h0 = System.nanoTime();
        headless.run(null, () -> false);
        long headlessNs = System.nanoTime() - h0;

        Map<String, long[]> sched0 = threadSched();
        Map<String, Long> cpu0 = threadCpu();
        AtomicLong wall = new AtomicLong();
        FxBlockProbe[] probe = new FxBlockProbe[1];
        onFxAndWait(w, vm, () -> {
            vm.stepsProperty().set(STEPS);
            w.generateView().resetFramesShown();
            w.generateView().resetPaintTimes();
            probe[0] = FxBlockProbe.start(2);
            wall.set(System.nanoTime());
        }, true);
        long wallNs = System.nanoTime() - wall.get();
        probe[0].close();
        CountDownLatch painted = new CountDownLatch(1);
        Platform.runLater(painted::countDown);
        painted.await();
        if (vm.trajectoryProperty().get() == null || !vm.trajectoryProperty().get().finished()) {
            throw new IllegalStateException("the run did not finish: " + vm.messageProperty().get());
        }
        System.out.printf(Locale.ROOT, "{\"bench\":\"generate\",\"model\":\"%s\",\"count\":%d,\"steps\":%d,\"wall_ms\":%.0f,\"headless_ms\":%.0f,"
                        + "\"frames_shown\":%d,\"fx_max_block_ms\":%.1f}%n", MODEL, COUNT, STEPS, wallNs / 1e6, headlessNs / 1e6,
                w.generateView().framesShown(), probe[0].maxMillis());
        System.out.flush();
        Map<String, Long> cpu1 = threadCpu();
        StringBuilder sb = new StringBuilder("CPU time during the window run, ms:");
        cpu1.forEach((name, ns) -> {
            long d = ns - cpu0.getOrDefault(name, 0L);
            if (d > 20_000_000L) sb.append(String.format(Locale.ROOT, " %s %.0f;", name, d / 1e6));
        });
        System.err.println(sb);
        Map<String, long[]> sched1 = threadSched();
        if (!sched1.isEmpty()) { // Linux: every thread of the process (JIT and GC too), on a core and runnable but waiting
            StringBuilder sc = new StringBuilder("On a core / waiting for one during the window run, ms (all threads):");
            sched1.forEach((name, v) -> {
                long[] a = sched0.getOrDefault(name, new long[2]);
                long run = v[0] - a[0], wait = v[1] - a[1];
                if (run > 20_000_000L || wait > 20_000_000L) sc.append(String.format(Locale.ROOT, " %s %.0f / %.0f;", name, run / 1e6, wait / 1e6));
            });
            System.err.println(sc);
        }
        System.err.printf(Locale.ROOT, "longest repaint %.1f ms wall, %.1f ms FX-thread CPU%n", w.generateView().paintNanosMax() / 1e6,
                w.generateView().paintCpuNanosMax() / 1e6);
        Platform.runLater(Platform::exit);
    }

    /** Per thread name (numbers dropped, summed): ns on a core and ns runnable but waiting (/proc schedstat; empty elsewhere). */
    private static Map<String, long[]> threadSched() {
        Map<String, long[]> out = new TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) return out;
        for (java.io.File t : tasks) {
            try {
                String name = java.nio.file.Files.readString(t.toPath().resolve("comm")).trim().replaceAll("[#-]?\\d+$", "");
                String[] v = java.nio.file.Files.readString(t.toPath().resolve("schedstat")).trim().split(" ");
                long[] sum = out.computeIfAbsent(name, k -> new long[2]);
                sum[0] += Long.parseLong(v[0]);
                sum[1] += Long.parseLong(v[1]);
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    /** CPU time per thread name (threads of one name summed). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) continue;
            long c = mx.getThreadCpuTime(ti.getThreadId());
            if (c > 0) out.merge(ti.getThreadName().replaceAll("-\\d+$", ""), c, Long::sum);
        }
        return out;
    }

    /** Runs setup on the FX thread, then (if {@code sample}) starts a run and waits until the view model is idle again. */
    private static void onFxAndWait(MainWindow w, GenerateViewModel vm, Runnable setup, boolean sample) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            setup.run();
            if (!sample) {
                done.countDown();
                return;
            }
            vm.stateProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends GenerateViewModel.State> o, GenerateViewModel.State a, GenerateViewModel.State s) {
                    if (s == GenerateViewModel.State.IDLE) {
                        vm.stateProperty().removeListener(this);
                        done.countDown();
                    }
                }
            });
            vm.run();
        });
        done.await();
    }
}
