package org.diffusionexplorer.ui.controls;

import javafx.scene.Node;
import javafx.scene.shape.SVGPath;

/** Icons as SVG paths, so they never depend on a system font having the glyph (U+23F8 is a box on stock Debian). */
public final class Icons {
    private Icons() {
    }

    public static Node play() {
        return path("M0 0 L11 6.5 L0 13 Z");
    }

    public static Node pause() {
        return path("M0 0 H4 V13 H0 Z M7 0 H11 V13 H7 Z");
    }

    private static Node path(String d) {
        SVGPath p = new SVGPath();
        p.setContent(d);
        p.getStyleClass().add("de-icon");
        p.setStyle("-fx-fill: -color-fg-default;");
        return p;
    }
}
