package dev.domstore.inventory.domain;

/** How what a host reports differs from a volume's intent. */
public enum Drift {
    /** The intent says it exists; the host's report does not show it. */
    MISSING,
    /** The host shows it with another size than the one domstore made. */
    SIZE_MISMATCH
}
