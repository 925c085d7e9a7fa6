package org.diffusionexplorer.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuiLauncherTest {
    @Test
    void missingGtkIsOneLineThatSaysWhatToInstall() {
        // what JavaFX 21 throws on a Linux machine without GTK 3, directly or wrapped
        var gtk = new UnsupportedOperationException("Unable to load glass GTK library.");
        for (Throwable e : new Throwable[]{gtk, new RuntimeException("Exception in Application start method", gtk)}) {
            String m = GuiLauncher.toolkitProblem(e);
            assertTrue(m != null && m.startsWith("error: the window needs GTK 3") && m.contains("libgtk-3-0")
                    && m.contains("--help") && !m.contains("\n"), m);
        }
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertNull(GuiLauncher.toolkitProblem(new IllegalStateException("Application launch must not be called more than once")));
        assertNull(GuiLauncher.toolkitProblem(new RuntimeException((String) null)));
        assertNull(GuiLauncher.toolkitProblem(new IllegalStateException("GTK 2 and GTK 3 symbols in one process")));
    }
}
