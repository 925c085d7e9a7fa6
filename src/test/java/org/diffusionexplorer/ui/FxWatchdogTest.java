package org.diffusionexplorer.ui;

import javafx.application.Platform;
import javafx.stage.Stage;
import org.diffusionexplorer.ui.common.FxWatchdog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watchdog sees a block of the FX thread and says where it was. */
@ExtendWith(ApplicationExtension.class)
class FxWatchdogTest {
    @Start
    void start(Stage stage) {
        stage.show();
    }

    private static void slowViewWork() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBlockOfTheFxThreadIsRecordedWithWhatRan() throws Exception {
        FxWatchdog dog = FxWatchdog.start(100);
        try {
            Thread.sleep(200); // let it learn the FX thread
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                slowViewWork();
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            long until = System.currentTimeMillis() + 10_000;
            while (dog.blocks().stream().noneMatch(b -> b.where().contains("slowViewWork")) && System.currentTimeMillis() < until) Thread.sleep(20);
            assertTrue(dog.blocks().stream().anyMatch(b -> b.where().contains("FxWatchdogTest.slowViewWork") && b.millis() >= 100), dog.blocks().toString());
        } finally {
            dog.stop();
        }
    }
}
