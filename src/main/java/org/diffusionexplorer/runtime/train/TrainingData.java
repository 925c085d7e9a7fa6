package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.data.FashionMnist;
import org.diffusionexplorer.io.data.ImageFolder;
import org.diffusionexplorer.io.data.PointsCsv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data a run trains on, from the --data value: fashion-mnist, toy:NAME, a folder with the Fashion-MNIST IDX files,
 * a folder of images, or a CSV of 2-D points.
 *
 * @param dataset the items (and labels, when the source has classes)
 * @param skipped images of a folder that could not be used
 */
record TrainingData(Dataset dataset, int skipped) {

    static TrainingData load(TrainingJob.Spec spec) throws InputException {
        String src = spec.data();
        if (src.equals("fashion-mnist")) {
            return new TrainingData(FashionMnist.train(FashionMnist.locate(spec.dataPath())), 0);
        }
        if (src.startsWith("toy:")) {
            return new TrainingData(ToyDatasets.sample(src.substring(4), 100_000, spec.config().seed()), 0);
        }
        Path p = Path.of(src);
        if (FashionMnist.isDatasetDir(p)) {
            return new TrainingData(FashionMnist.train(p), 0); // --data DIR with the IDX files
        }
        if (Files.isDirectory(p)) {
            ImageFolder.Result r = ImageFolder.load(p, spec.imageSize(), spec.channels());
            return new TrainingData(r.dataset(), r.skipped());
        }
        if (src.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return new TrainingData(PointsCsv.read(p), 0);
        }
        throw new InputException("--data must be fashion-mnist, toy:NAME (" + String.join(", ", ToyDatasets.NAMES)
                + "), a folder of images or a CSV of points (got '" + src + "')");
    }
}
