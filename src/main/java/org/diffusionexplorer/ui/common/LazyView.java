package org.diffusionexplorer.ui.common;

import javafx.scene.Parent;
import javafx.scene.control.Tab;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A feature's view that is built when its tab is first selected (or first asked for), so the window's first frame
 * builds, styles and lays out only the view it shows. The view model and the actions are made up front (menus and
 * other features use them); the view binds to their current state when it is built. The last theme asked for is
 * applied at build.
 */
public final class LazyView<V extends Parent> {
    private final Supplier<V> factory;
    private final Consumer<V> theme;
    private final Tab tab;
    private V view;
    private Boolean dark;

    /** @param theme applies the light (false) or dark (true) colours to the view */
    public LazyView(String title, String tooltip, Supplier<V> factory, ThemeHook<V> theme) {
        this.factory = factory;
        this.theme = v -> theme.apply(v, dark);
        this.tab = Feature.tab(title, tooltip, null);
        tab.selectedProperty().addListener((obs, was, now) -> {
            if (now) get();
        });
    }

    /** How a view takes a theme. */
    public interface ThemeHook<V> {
        void apply(V view, boolean dark);
    }

    public Tab tab() {
        return tab;
    }

    /** The view, built now if it was not yet. */
    public V get() {
        if (view == null) {
            view = factory.get();
            if (dark != null) theme.accept(view);
            tab.setContent(view);
        }
        return view;
    }

    public boolean built() {
        return view != null;
    }

    /** Applies the theme now if the view is built, else when it is. */
    public void applyTheme(boolean dark) {
        this.dark = dark;
        if (view != null) theme.accept(view);
    }
}
