package org.diffusionexplorer.ui.controls;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.diffusionexplorer.ui.common.Styles;

/**
 * A titled image that fills its space keeping the aspect ratio, fed with packed ARGB pixels (an {@link ArgbFrame}: a
 * new frame of the same size is one bulk copy).
 */
public final class ImagePanel extends VBox {
    private final Label title = new Label();
    private final ImageView view = new ImageView();
    private final StackPane holder = new StackPane(view);
    private final ArgbFrame frame = new ArgbFrame();

    public ImagePanel(String titleText, String tooltip) {
        title.setText(titleText);
        title.getStyleClass().add(Styles.PANEL_TITLE);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // a two-line title is never cut
        getStyleClass().add(Styles.PANEL);
        view.setPreserveRatio(true);
        view.setSmooth(false);
        holder.setMinSize(64, 64);
        holder.setPrefSize(256, 256);
        holder.setAlignment(Pos.CENTER);
        view.fitWidthProperty().bind(holder.widthProperty());
        view.fitHeightProperty().bind(holder.heightProperty());
        VBox.setVgrow(holder, Priority.ALWAYS);
        getChildren().addAll(title, holder);
        Tooltip.install(this, new Tooltip(tooltip));
        setSpacing(4);
    }

    public void setTitle(String text) {
        title.setText(text);
    }

    /** Shows the pixels (w×h, packed opaque ARGB). Must be called on the FX thread. */
    public void setPixels(int[] argb, int w, int h) {
        if (frame.set(argb, w, h)) view.setImage(frame.image());
    }

    /** The image currently shown (for tests and snapshots). */
    public WritableImage image() {
        return frame.image();
    }

    public ImageView imageView() {
        return view;
    }
}
