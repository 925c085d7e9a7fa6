package org.diffusionexplorer.ui.controls;

import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/**
 * A collapsible "What am I seeing?" panel: the formula of what is drawn and a short paragraph, for students (the
 * first users); collapsed by default so it never takes room from the pictures.
 */
public final class Explainer extends TitledPane {
    public Explainer(String formula, String text) {
        Label f = new Label(formula);
        f.setWrapText(true);
        f.setStyle("-fx-font-family: 'DejaVu Serif', serif; -fx-font-size: 1.05em;");
        Label t = new Label(text);
        t.setWrapText(true);
        VBox box = new VBox(8, f, t);
        box.setFillWidth(true);
        setText("What am I seeing?");
        setExpanded(false);
        // the content exists only while open: a collapsed TitledPane still lays out its content's text on every
        // layout pass of the column, and the readouts beside it change at screen rate (measured: ~4 s of FX-thread
        // CPU per 50-step Generate run, most of it Pango shaping this paragraph)
        expandedProperty().addListener((o, was, open) -> setContent(open ? box : null));
        setAnimated(false);
        getStyleClass().add("de-explainer");
        f.maxWidthProperty().bind(widthProperty().subtract(24));
        t.maxWidthProperty().bind(widthProperty().subtract(24));
    }
}
