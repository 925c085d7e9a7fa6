package org.diffusionexplorer.ui.common;

import javafx.scene.Node;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

import java.util.List;

/**
 * One feature of the main window (Forward process, Generate, Schedule editor, Train), each a package with a View, a
 * ViewModel and Actions: its tab, what it adds to the menus, the window's keys while its tab is shown, files dropped
 * on the window, and its colours for the theme. The main window knows its features only through this.
 */
public interface Feature {
    /** Where a feature's menu items go: File's opening group, File's saving and exporting group, Edit. */
    enum MenuSlot { OPEN, SAVE, EDIT }

    /** The feature's tab, made once. */
    Tab tab();

    /** The items this feature adds at a place in the menus, in order (features are asked in tab order). */
    default List<MenuItem> menuItems(MenuSlot slot) {
        return List.of();
    }

    /** Window-wide key presses while this tab is shown (Space, arrows, …); consumes what it handles. */
    default void handleKey(KeyEvent e) {
    }

    /** Files dragged over the window outside a view that takes them itself; consume to take them. */
    default void onDragOver(DragEvent e) {
    }

    default void onDragDropped(DragEvent e) {
    }

    /** Colours of the feature's canvas controls for the light or the dark theme. */
    default void applyTheme(boolean dark) {
    }

    /** Shows this feature's tab. */
    default void show() {
        Tab t = tab();
        if (t.getTabPane() != null) t.getTabPane().getSelectionModel().select(t);
    }

    /** A feature's tab: not closable, with a tooltip. */
    static Tab tab(String title, String tooltip, Node content) {
        Tab t = new Tab(title, content);
        t.setClosable(false);
        t.setTooltip(new Tooltip(tooltip));
        return t;
    }

    /** A menu item with an optional accelerator ("Ctrl+O", "Shortcut+Shift+Z"). */
    static MenuItem menuItem(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(false);
        if (accelerator != null) m.setAccelerator(KeyCombination.keyCombination(accelerator));
        m.setOnAction(e -> action.run());
        return m;
    }
}
