package org.diffusionexplorer.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: the commit it was built from ("-dirty" when the tree had uncommitted changes) and the version,
 * written at build time into {@code org/diffusionexplorer/build.properties} (pom.xml, maven-antrun-plugin). Never
 * taken from the working folder at run time: running git there would run whatever that repository's config says
 * (core.fsmonitor) and record an unrelated repository's commit.
 */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/diffusionexplorer/build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // unknown
        }
        return p;
    }

    /** The commit this build was made from, e.g. "b08fd79" or "b08fd79-dirty"; "unknown" when not recorded. */
    public static String commit() {
        String c = PROPS.getProperty("commit", "").trim();
        return c.matches("[0-9a-f]{5,40}(-dirty)?") ? c : "unknown";
    }

    public static String version() {
        return PROPS.getProperty("version", "unknown").trim();
    }
}
