package dev.domstore.inventory.domain;

import java.util.Locale;

import dev.domstore.common.validation.InvalidInputException;

/** How a domain sees an attached volume; the letter is the mode field of Xen's disk line. */
public enum AccessMode {
    READ_ONLY("r"),
    READ_WRITE("w");

    private final String letter;

    AccessMode(String letter) {
        this.letter = letter;
    }

    public String letter() {
        return letter;
    }

    public static AccessMode fromLetter(String letter) {
        for (AccessMode mode : values()) {
            if (mode.letter.equals(letter == null ? null : letter.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new InvalidInputException(InvalidInputException.Kind.FIELD, "mode",
                "'mode' must be r (read-only) or w (read-write); got '" + letter + "'.");
    }
}
