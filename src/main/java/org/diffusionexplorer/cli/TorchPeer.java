package org.diffusionexplorer.cli;

import org.diffusionexplorer.runtime.UNetConfig;
import org.diffusionexplorer.runtime.engine.VecSupport;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** bench's peer: the same UNet timed in PyTorch (src/main/resources/bench/torch_unet.py), with its AVX-512 kernels where the CPU has them. */
final class TorchPeer {
    private final String python;

    /** @param python --python, or null for /usr/bin/python3 with torch, else python3 on PATH */
    TorchPeer(String python) {
        this.python = python;
    }

    String missing = "no Python with torch found";
    String dispatch = "";

    /** --python, else /usr/bin/python3 when it has torch, else python3 on PATH when that has it; null if none. */
    private String pythonWithTorch() {
        List<String> candidates = python != null ? List.of(python) : List.of("/usr/bin/python3", "python3");
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
            } catch (Exception ignored) {
                // not there
            }
        }
        missing = (python != null ? python : "/usr/bin/python3 and python3") + " cannot import torch (Debian: apt-get install python3-torch)";
        return null;
    }

    String version = "";

    /** The same UNet in PyTorch (script bundled in the jar), or null when torch is not there. */
    double[] run(UNetConfig c, PrintWriter out) {
        String py = pythonWithTorch();
        if (py == null) return null;
        Path script = null;
        try (InputStream in = TorchPeer.class.getResourceAsStream("/bench/torch_unet.py")) {
            script = Files.createTempFile("torch_unet", ".py");
            Files.write(script, in.readAllBytes());
            String mult = Arrays.toString(c.multipliers()).replaceAll("[\\[\\] ]", "");
            ProcessBuilder pb = new ProcessBuilder(py, script.toString(), Integer.toString(c.base()), Integer.toString(c.resBlocks()), mult,
                    Integer.toString(Runtime.getRuntime().availableProcessors())).redirectErrorStream(true);
            // the stronger peer: PyTorch's AVX-512 kernels where the CPU has them (its default dispatch stops at AVX2)
            if (VecSupport.wideVectors()) {
                pb.environment().put("ATEN_CPU_CAPABILITY", "avx512");
                dispatch = "ATEN_CPU_CAPABILITY=avx512";
            } else {
                dispatch = "default dispatch";
            }
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                out.println("(PyTorch comparison skipped: " + text.lines().reduce((a, b) -> b).orElse("no output") + ")");
                return null;
            }
            double[] v = new double[4];
            for (String line : text.split("\n")) {
                if (line.startsWith("torch ")) version = line.substring(6).trim();
                for (int i = 0; i < 3; i++) if (line.startsWith("infer b=" + new int[]{1, 16, 64}[i] + ":")) v[i] = ms(line);
                if (line.startsWith("train step b=64:")) v[3] = ms(line);
            }
            return v;
        } catch (Exception e) {
            out.println("(PyTorch comparison skipped: " + e.getMessage() + ")");
            return null;
        } finally {
            if (script != null) script.toFile().delete(); // also when torch failed or timed out
        }
    }

    private static double ms(String line) {
        return Double.parseDouble(line.replaceAll(".*: ([0-9.]+) ms.*", "$1"));
    }
}
