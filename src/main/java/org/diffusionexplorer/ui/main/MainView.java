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
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.forward.ForwardActions;
import org.diffusionexplorer.ui.forward.ForwardView;

import java.nio.file.Path;
import java.util.function.Consumer;

/** The main window's frame: menus, one tab per feature, and the status bar with progress and cancel. */
public final class MainView extends BorderPane {
    private final TabPane tabs = new TabPane();
    private final Menu recent = new Menu("Open recent");
    private final ForwardActions forwardActions;
    private final java.util.Map<Tab, Consumer<javafx.scene.input.KeyEvent>> keyHandlers = new java.util.HashMap<>();

    public MainView(ForwardView forward, ForwardActions forwardActions, StatusModel status, MainCommands commands) {
        this.forwardActions = forwardActions;
        Tab forwardTab = new Tab("Forward process", forward);
        forwardTab.setClosable(false);
        forwardTab.setTooltip(new Tooltip("Noise your image with q(x_t | x₀) and scrub t"));
        tabs.getTabs().add(forwardTab);
        tabs.setFocusTraversable(false);
        keyHandlers.put(forwardTab, forward::handleGlobalKey);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && status.taskProperty().get() != null) {
                status.cancelTask(); // the status bar's Cancel (Esc)
                e.consume();
                return;
            }
            Consumer<javafx.scene.input.KeyEvent> h = keyHandlers.get(tabs.getSelectionModel().getSelectedItem());
            if (h != null) h.accept(e);
        });
        setTop(menus(commands));
        setCenter(tabs);
        setBottom(statusBar(status));
        forwardActions.setOnRecentChanged(this::rebuildRecent);
        rebuildRecent();
        setOnDragOver(forwardActions::onDragOver);
        setOnDragDropped(forwardActions::onDragDropped);
    }

    public void addTab(String title, String tooltip, javafx.scene.Node content) {
        addTab(title, tooltip, content, null);
    }

    /** A tab whose view gets the window's key presses while it is selected (Space, arrows, Esc: as the forward view). */
    public Tab addTab(String title, String tooltip, javafx.scene.Node content, Consumer<javafx.scene.input.KeyEvent> keys) {
        Tab t = new Tab(title, content);
        t.setClosable(false);
        t.setTooltip(new Tooltip(tooltip));
        tabs.getTabs().add(t);
        if (keys != null) keyHandlers.put(t, keys);
        return t;
    }

    public TabPane tabs() { return tabs; }

    /** What the menus do beyond the forward view (theme, shortcuts, undo, quit). */
    public interface MainCommands {
        void toggleTheme(boolean dark);
        boolean darkTheme();
        void showShortcuts();
        void undo();
        void redo();
        void quit();

        /** Asks for the longest side images are downscaled to (applies to the next image opened). */
        void chooseWorkingSize();

        /** The engine names offered (vector, blas, samediff), the one in use, and a choice (null reason: available). */
        default java.util.List<String> engines() { return java.util.List.of(); }

        default String engine() { return null; }

        default String engineUnavailable(String name) { return null; }

        default void chooseEngine(String name) { }

        /** File › Open trajectory…: a folder written by {@code sample --trajectory}, shown in the Generate tab. */
        default void openTrajectory() {
        }
    }

    private MenuBar menus(MainCommands c) {
        MenuItem open = item("Open image…", "Ctrl+O", forwardActions::openImage);
        MenuItem paste = item("Paste image", "Shortcut+V", forwardActions::paste);
        MenuItem save = item("Save x_t as PNG…", "Ctrl+S", forwardActions::saveFrame);
        MenuItem gif = item("Export animation…", "Ctrl+E", forwardActions::exportAnimation);
        MenuItem trajectory = item("Open trajectory…", null, c::openTrajectory);
        MenuItem quit = item("Quit", "Ctrl+Q", c::quit);
        Menu file = new Menu("File", null, open, recent, paste, trajectory, new SeparatorMenuItem(), save, gif, new SeparatorMenuItem(), quit);
        Menu edit = new Menu("Edit", null, item("Undo schedule edit", "Shortcut+Z", c::undo),
                item("Redo schedule edit", "Shortcut+Shift+Z", c::redo));
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(c.darkTheme());
        dark.setAccelerator(KeyCombination.keyCombination("Ctrl+D"));
        dark.setOnAction(e -> c.toggleTheme(dark.isSelected()));
        MenuItem size = item("Working size…", null, c::chooseWorkingSize);
        Menu engine = new Menu("Engine");
        javafx.scene.control.ToggleGroup engines = new javafx.scene.control.ToggleGroup();
        for (String name : c.engines()) {
            javafx.scene.control.RadioMenuItem r = new javafx.scene.control.RadioMenuItem(switch (name) {
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
        MenuItem keys = item("Keyboard shortcuts", null, c::showShortcuts);
        keys.setAccelerator(new javafx.scene.input.KeyCodeCombination(KeyCode.F1));
        Menu help = new Menu("Help", null, keys);
        return new MenuBar(file, edit, view, help);
    }

    private static MenuItem item(String text, String accel, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(false);
        if (accel != null) m.setAccelerator(KeyCombination.keyCombination(accel));
        m.setOnAction(e -> action.run());
        return m;
    }

    private void rebuildRecent() {
        recent.getItems().clear();
        for (Path p : forwardActions.recentFiles()) {
            MenuItem m = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
            m.setOnAction(e -> forwardActions.load(p));
            recent.getItems().add(m);
        }
        recent.setDisable(recent.getItems().isEmpty());
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
