package org.diffusionexplorer.runtime.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The working sessions of a training run that was stopped and resumed: which steps each covered, with which commit
 * and how long it took. Kept in the checkpoint's metadata as "from-to@commit:seconds;…" and written to model.json
 * and the model card, so a card says honestly how its model was made.
 */
final class Sessions {
    private Sessions() {
    }

    static String entry(int from, int to, String commit, double seconds) {
        return from + "-" + to + "@" + commit.replaceAll("[^0-9A-Za-z-]", "") + ":" + String.format(Locale.ROOT, "%.0f", seconds);
    }

    /** sessions plus one more (nothing when the session trained no step). */
    static String append(String sessions, int from, int to, String commit, double seconds) {
        if (to <= from) return sessions;
        String e = entry(from, to, commit, seconds);
        return sessions.isEmpty() ? e : sessions + ";" + e;
    }

    /** As maps {from, to, commit, seconds} for model.json; malformed entries are skipped. */
    static List<Map<String, Object>> parse(String sessions) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (sessions == null || sessions.isBlank()) return out;
        for (String e : sessions.split(";")) {
            Matcher m = Pattern.compile("(\\d+)-(\\d+)@([0-9A-Za-z-]*):(\\d+)").matcher(e.trim());
            if (!m.matches()) continue;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("from", Integer.parseInt(m.group(1)));
            s.put("to", Integer.parseInt(m.group(2)));
            s.put("commit", m.group(3));
            s.put("seconds", Long.parseLong(m.group(4)));
            out.add(s);
        }
        return out;
    }
}
