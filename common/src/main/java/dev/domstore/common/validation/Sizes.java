package dev.domstore.common.validation;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as operators write them: bytes ({@code 2147483648}) or a number with a binary suffix
 * ({@code 512M}, {@code 2G}, {@code 1.5T}, also {@code 2GiB}). Suffixes are powers of 1024, as in
 * LVM and truncate(1). The result is whole bytes and a multiple of the 512-byte sector.
 */
public final class Sizes {
    public static final long SECTOR = 512;
    /** Larger than any real disk today, small enough that arithmetic on sizes cannot overflow. */
    public static final long MAX_BYTES = 1L << 50;

    private static final Pattern FORM = Pattern.compile("(\\d+)(\\.\\d+)?\\s*([KMGTP])?(iB)?", Pattern.CASE_INSENSITIVE);
    private static final String FORMS = "Give bytes (2147483648) or a number with K, M, G, T or P (powers of 1024), for example 512M or 2G.";

    private Sizes() {
    }

    /** Parses a size for the request field {@code field}; throws {@link InvalidInputException} with a usable message. */
    public static long parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw invalid(field, "'" + field + "' is missing. " + FORMS);
        }
        String value = text.trim();
        Matcher m = FORM.matcher(value);
        if (!m.matches() || (m.group(4) != null && m.group(3) == null)) {
            String hint = value.toUpperCase(Locale.ROOT).endsWith("B") && !value.toUpperCase(Locale.ROOT).endsWith("IB")
                    ? " Decimal units such as GB are not accepted, to avoid confusing 10^9 with 2^30: write G or GiB."
                    : "";
            throw invalid(field, "'" + value + "' is not a size." + hint + " " + FORMS);
        }
        BigDecimal number = new BigDecimal(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
        if (m.group(2) != null && m.group(3) == null) {
            throw invalid(field, "'" + value + "': a byte count must be a whole number. " + FORMS);
        }
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(multiplier(m.group(3))));
        if (bytes.signum() <= 0) {
            throw invalid(field, "'" + field + "' must be larger than zero. " + FORMS);
        }
        if (bytes.compareTo(BigDecimal.valueOf(MAX_BYTES)) > 0) {
            throw invalid(field, "'" + value + "' is larger than the 1P domstore accepts.");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw invalid(field, "'" + value + "' is not a whole number of bytes. " + FORMS);
        }
        long result = bytes.longValueExact();
        if (result % SECTOR != 0) {
            long up = (result / SECTOR + 1) * SECTOR;
            throw invalid(field, "'" + value + "' is not a multiple of the 512-byte sector: use " + up + " or a suffixed size such as 2G.");
        }
        return result;
    }

    /** The shortest exact form: {@code 2G} for 2147483648, bytes when no suffix divides evenly. */
    public static String format(long bytes) {
        String[] units = {"P", "T", "G", "M", "K"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    private static long multiplier(String suffix) {
        if (suffix == null) {
            return 1;
        }
        return switch (suffix.toUpperCase(Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            case "P" -> 1L << 50;
            default -> throw new IllegalStateException(suffix);
        };
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.SIZE, field, message);
    }
}
