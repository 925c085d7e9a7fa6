package org.diffusionexplorer.ui.main;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.diffusionexplorer.ui.common.Feature;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.Styles;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The main window's frame: menus, one tab per {@link Feature}, and the status bar with progress and cancel. Every
 * feature is treated alike: its tab, its menu items, its keys while its tab is shown, files dropped on the window.
 */
public final class MainView extends BorderPane {
    private final TabPane tabs = new TabPane();
    private final List<Feature> features;

    /** @param features in tab order */
    public MainView(List<Feature> features, StatusModel status, MainCommands commands) {
        this.features = List.copyOf(features);
        for (Feature f : features) tabs.getTabs().add(f.tab());
        tabs.setFocusTraversable(false);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && status.taskProperty().get() != null) {
                status.cancelTask(); // the status bar's Cancel (Esc)
                e.consume();
                return;
            }
            Tab selected = tabs.getSelectionModel().getSelectedItem();
            for (Feature f : this.features) if (f.tab() == selected) f.handleKey(e);
        });
        setTop(menus(commands));
        setCenter(tabs);
        setBottom(statusBar(status));
        setOnDragOver(e -> {
            for (Feature f : this.features) if (!e.isConsumed()) f.onDragOver(e);
        });
        setOnDragDropped(e -> {
            for (Feature f : this.features) if (!e.isConsumed()) f.onDragDropped(e);
        });
    }

    public TabPane tabs() { return tabs; }

    /** What the menus do for the whole window (theme, working size, engine, shortcuts, quit). */
    public interface MainCommands {
        void toggleTheme(boolean dark);
        boolean darkTheme();
        void showShortcuts();
        void quit();

        /** Asks for the longest side images are downscaled to (applies to the next image opened). */
        void chooseWorkingSize();

        /** The engine names offered (vector, blas, samediff), the one in use, and a choice (null reason: available). */
        default List<String> engines() { return List.of(); }

        default String engine() { return null; }

        default String engineUnavailable(String name) { return null; }

        default void chooseEngine(String name) { }
    }

    /** The features' items of one slot, in tab order. */
    private List<MenuItem> items(Feature.MenuSlot slot) {
        List<MenuItem> out = new ArrayList<>();
        for (Feature f : features) out.addAll(f.menuItems(slot));
        return out;
    }

    private MenuBar menus(MainCommands c) {
        Menu file = new Menu("File");
        file.getItems().addAll(items(Feature.MenuSlot.OPEN));
        file.getItems().add(new SeparatorMenuItem());
        file.getItems().addAll(items(Feature.MenuSlot.SAVE));
        file.getItems().addAll(new SeparatorMenuItem(), Feature.menuItem("Quit", "Ctrl+Q", c::quit));
        Menu edit = new Menu("Edit");
        edit.getItems().addAll(items(Feature.MenuSlot.EDIT));
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(c.darkTheme());
        dark.setAccelerator(KeyCombination.keyCombination("Ctrl+D"));
        dark.setOnAction(e -> c.toggleTheme(dark.isSelected()));
        MenuItem size = Feature.menuItem("Working size…", null, c::chooseWorkingSize);
        Menu engine = new Menu("Engine");
        ToggleGroup engines = new ToggleGroup();
        for (String name : c.engines()) {
            RadioMenuItem r = new RadioMenuItem(switch (name) {
                case "vector" -> "Vector API (our engine)";
                case "blas" -> "OpenBLAS (our engine)";
                case "samediff" -> "ND4J SameDiff (sampling; training stays on our engine)";
                default -> name;
            });
            r.setToggleGroup(engines);
            r.setSelected(name.equals(c.engine()));
            String why = c.engineUnavailable(name);
            r.setDisable(why != null);
            r.setOnAction(e -> c.chooseEngine(name));
            engine.getItems().add(r);
        }
        Menu view = new Menu("View", null, dark, size, engine);
        MenuItem keys = Feature.menuItem("Keyboard shortcuts", null, c::showShortcuts);
        keys.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        Menu help = new Menu("Help", null, keys);
        return new MenuBar(file, edit, view, help);
    }

    private HBox statusBar(StatusModel status) {
        Label message = new Label();
        message.textProperty().bind(status.messageProperty());
        message.getStyleClass().add(Styles.STATUS);
        status.errorProperty().addListener((o, a, err) -> {
            message.getStyleClass().remove(Styles.ERROR);
            if (err) message.getStyleClass().add(Styles.ERROR);
        });
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(180);
        Button cancel = new Button("Cancel");
        cancel.setTooltip(new Tooltip("Stop the running task (Esc)"));
        cancel.setOnAction(e -> status.cancelTask());
        cancel.setCancelButton(false);
        Consumer<Boolean> show = on -> {
            bar.setVisible(on);
            bar.setManaged(on);
            cancel.setVisible(on);
            cancel.setManaged(on);
        };
        show.accept(false);
        status.taskProperty().addListener((o, a, task) -> {
            bar.progressProperty().unbind();
            if (task != null) bar.progressProperty().bind(task.progressProperty());
            show.accept(task != null);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox box = new HBox(10, message, spacer, bar, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(3, 10, 3, 10));
        box.getStyleClass().add("de-status-bar");
        return box;
    }
}
