package org.diffusionexplorer.ui.main;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** F1: every keyboard shortcut in one table. */
public final class ShortcutsOverlay {
    static final String[][] SHORTCUTS = {
            {"← / →", "previous / next timestep"},
            {"Shift + ← / →", "ten timesteps"},
            {"Home / End", "t = 0 / t = T−1"},
            {"Space", "play / pause (Generate: pause / resume a running sampler)"},
            {"N", "new noise (a new seed for ε)"},
            {"Esc", "cancel the running task (export, loading; Generate: the run, its steps so far stay); close a dialog"},
            {"Ctrl+O", "open an image (or drop one on the window)"},
            {"Ctrl+V", "paste an image"},
            {"Ctrl+S", "save x_t as PNG"},
            {"Ctrl+E", "export an animation (GIF, APNG, MP4, WebM, frames, contact sheet)"},
            {"Ctrl+Z / Ctrl+Shift+Z", "undo / redo a schedule edit"},
            {"Ctrl+D", "dark / light theme"},
            {"F1", "this list"},
            {"Ctrl+Q", "quit"},
    };

    private ShortcutsOverlay() {
    }

    public static void show(Window owner) {
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(6);
        for (int i = 0; i < SHORTCUTS.length; i++) {
            Label k = new Label(SHORTCUTS[i][0]);
            k.setStyle("-fx-font-weight: bold");
            g.addRow(i, k, new Label(SHORTCUTS[i][1]));
        }
        Alert a = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
        a.initOwner(owner);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(g);
        a.show();
    }
}
