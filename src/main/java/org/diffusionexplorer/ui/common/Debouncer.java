package org.diffusionexplorer.ui.common;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/** Runs an action once input has been quiet for a while (on the FX thread). */
public final class Debouncer {
    private final PauseTransition pause;

    public Debouncer(Duration quiet, Runnable action) {
        pause = new PauseTransition(quiet);
        pause.setOnFinished(e -> action.run());
    }

    public void trigger() {
        pause.playFromStart();
    }
}
