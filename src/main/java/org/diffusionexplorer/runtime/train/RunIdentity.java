package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.io.BuildInfo;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.engine.EngineModel;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two training sessions the same run: a digest of the data, architecture, schedule and every training
 * hyper-parameter that changes the batches or the updates. A checkpoint records it, and --resume refuses another.
 */
final class RunIdentity {
    private RunIdentity() {
    }

    /** 16 hex digits of SHA-256 over the run's defining settings. */
    static String of(TrainingJob.Spec s, EngineModel m) {
        TrainConfig c = s.config();
        String text = String.join("|", s.data(), String.valueOf(s.imageSize()), String.valueOf(s.channels()),
                Architectures.describe(m).toString(), ScheduleFiles.toJson(c.schedule()).replaceAll("\\s", ""),
                c.prediction().name(), String.valueOf(c.batch()), String.valueOf(c.lr()), String.valueOf(c.warmup()),
                String.valueOf(c.clip()), String.valueOf(c.emaDecay()), String.valueOf(c.seed()), String.valueOf(c.flip()))
                + (c.conditional() ? "|cond:" + c.labelDropout() : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The commit this program was built from (see {@link BuildInfo}), never git in the working folder. */
    static String commit() {
        return BuildInfo.commit();
    }
}
