package org.diffusionexplorer.core.schedule;

/** A schedule specification or table that cannot be used; the message names the field and its allowed range. */
public final class InvalidScheduleException extends IllegalArgumentException {
    public InvalidScheduleException(String message) {
        super(message);
    }

    static void require(boolean ok, String message) {
        if (!ok) throw new InvalidScheduleException(message);
    }

    /** Checks lo ≤ v ≤ hi (and that v is a number), naming the field on failure. */
    static double inRange(String field, double v, double lo, double hi) {
        require(Double.isFinite(v) && v >= lo && v <= hi,
                field + " must be between " + lo + " and " + hi + " (got " + v + ")");
        return v;
    }

    /** Checks lo < v < hi (open interval). */
    static double inOpenRange(String field, double v, double lo, double hi) {
        require(Double.isFinite(v) && v > lo && v < hi,
                field + " must be greater than " + lo + " and less than " + hi + " (got " + v + ")");
        return v;
    }
}
