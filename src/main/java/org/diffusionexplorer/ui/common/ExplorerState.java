package org.diffusionexplorer.ui.common;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * What the features share about "your image": x₀ (C×H×W in model space [−1, 1]), the noise ε drawn for it from the
 * seed (one ε for every t, as {@link ForwardProcess#noise}), the seed, and the timestep t. The Forward tab opens the
 * image and scrubs t; the Schedule editor follows t and renders its thumbnails from x₀ and ε; the Generate tab
 * starts from x₀ (SDEdit, DDIM inversion, the image's exact denoiser). A new seed redraws ε for the same x₀.
 */
public final class ExplorerState {
    /** x₀ with its ε (always the same shape) and the image's file name. */
    public record ImageNoise(Tensor x0, Tensor eps, String name) {
    }

    private final ReadOnlyObjectWrapper<ImageNoise> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 0);
    private final IntegerProperty t = new SimpleIntegerProperty(this, "t", 0);

    public ExplorerState() {
        seed.addListener((o, a, b) -> {
            ImageNoise i = image.get();
            if (i != null) image.set(new ImageNoise(i.x0(), noise(i.x0()), i.name()));
        });
    }

    /** A new x₀ (keeping the seed): its ε is drawn for the new shape. */
    public void setImage(Tensor x0, String name) {
        image.set(new ImageNoise(x0, noise(x0), name));
    }

    private Tensor noise(Tensor x0) {
        return ForwardProcess.noise(seed.get(), x0.shape());
    }

    /** x₀, or null before the first image. */
    public Tensor x0() {
        ImageNoise i = image.get();
        return i == null ? null : i.x0();
    }

    /** ε for x₀ at the current seed, or null before the first image. */
    public Tensor eps() {
        ImageNoise i = image.get();
        return i == null ? null : i.eps();
    }

    /** The image's file name, or null before the first image. */
    public String imageName() {
        ImageNoise i = image.get();
        return i == null ? null : i.name();
    }

    public ReadOnlyObjectProperty<ImageNoise> imageProperty() { return image.getReadOnlyProperty(); }
    public LongProperty seedProperty() { return seed; }
    public IntegerProperty tProperty() { return t; }
}
