package org.diffusionexplorer.io;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildInfoTest {
    @Test
    void theCommitComesFromTheBuildsOwnResource() throws Exception {
        assertNotNull(BuildInfo.class.getResource("/org/diffusionexplorer/build.properties"), "written by the build (pom.xml, antrun)");
        String c = BuildInfo.commit();
        assertTrue(c.matches("[0-9a-f]{5,40}(-dirty)?|unknown"), c);
        // built from a git checkout (as in CI): the build recorded its commit
        if (Files.exists(Path.of(System.getProperty("user.dir"), ".git"))) assertTrue(!c.equals("unknown"), c);
        assertTrue(BuildInfo.version().startsWith("0."), BuildInfo.version());
    }
}
