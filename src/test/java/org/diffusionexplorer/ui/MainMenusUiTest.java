package org.diffusionexplorer.ui;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.main.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The menus the features contribute, in the order and with the accelerators the F1 list advertises. */
@ExtendWith(ApplicationExtension.class)
class MainMenusUiTest {
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = new MainWindow(stage, Settings.load(Files.createTempDirectory("de-menus").resolve("settings.json")), TaskRunner.sameThread());
        stage.show();
    }

    /** Each item as "text [accelerator as written in the code]", a separator as "—". */
    private static List<String> describe(Menu m, String... accelerators) {
        List<String> out = new ArrayList<>();
        for (MenuItem i : m.getItems()) {
            if (i instanceof SeparatorMenuItem) {
                out.add("—");
                continue;
            }
            String acc = "";
            for (String a : accelerators) if (KeyCombination.keyCombination(a).equals(i.getAccelerator())) acc = " [" + a + "]";
            out.add(i.getText() + acc);
        }
        return out;
    }

    @Test
    void menusAreThoseOfTheFeaturesInTabOrder() {
        MenuBar bar = (MenuBar) window.mainView().getTop();
        assertEquals(List.of("File", "Edit", "View", "Help"), bar.getMenus().stream().map(Menu::getText).toList());
        assertEquals(List.of("Open image… [Ctrl+O]", "Open recent", "Paste image [Shortcut+V]", "Open trajectory…", "—",
                        "Save x_t as PNG… [Ctrl+S]", "Export animation… [Ctrl+E]", "—", "Quit [Ctrl+Q]"),
                describe(bar.getMenus().get(0), "Ctrl+O", "Shortcut+V", "Ctrl+S", "Ctrl+E", "Ctrl+Q"));
        assertEquals(List.of("Undo schedule edit [Shortcut+Z]", "Redo schedule edit [Shortcut+Shift+Z]"),
                describe(bar.getMenus().get(1), "Shortcut+Z", "Shortcut+Shift+Z"));
        assertEquals(List.of("Dark theme [Ctrl+D]", "Working size…", "Engine"), describe(bar.getMenus().get(2), "Ctrl+D"));
        assertEquals(List.of("Keyboard shortcuts [F1]"), describe(bar.getMenus().get(3), "F1"));
        assertEquals(List.of("Forward process", "Generate", "Schedule editor", "Train"),
                window.mainView().tabs().getTabs().stream().map(t -> t.getText()).toList());
    }
}
