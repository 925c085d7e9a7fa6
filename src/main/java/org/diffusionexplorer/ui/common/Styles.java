package org.diffusionexplorer.ui.common;

/** Style class names used by the views and the two stylesheets (app-light.css / app-dark.css). */
public final class Styles {
    public static final String PANEL = "de-panel";
    public static final String PANEL_TITLE = "de-panel-title";
    public static final String READOUT_NAME = "de-readout-name";
    public static final String READOUT_VALUE = "de-readout-value";
    public static final String STATUS = "de-status";
    public static final String ERROR = "de-error";
    public static final String WARNING = "de-warning";
    public static final String SIDEBAR = "de-sidebar";
    public static final String SECTION = "de-section";
    public static final String SCRUBBER = "de-scrubber";

    private Styles() {
    }
}
