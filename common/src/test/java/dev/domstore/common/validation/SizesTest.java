package dev.domstore.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "2147483648, 2147483648",
            "512, 512",
            "1K, 1024",
            "1k, 1024",
            "512M, 536870912",
            "2G, 2147483648",
            "2GiB, 2147483648",
            "2g, 2147483648",
            "1.5G, 1610612736",
            "1T, 1099511627776",
            "1P, 1125899906842624",
            "' 4G ', 4294967296",
            "1024 M, 1073741824"})
    void parsesBytesAndBinarySuffixes(String text, long bytes) {
        assertEquals(bytes, Sizes.parse("size", text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "abc", "-1G", "2X", "G", "2 G B", "0", "0G", "1.5", "2GB", "2gb", "1e9", "0x10", "2G2", "2.G",
            "100", "1000", "1.0000001K", "2P", "1025P", "99999999999999999999999"})
    void refusesEveryBadForm(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Sizes.parse("size", text));
        assertEquals(InvalidInputException.Kind.SIZE, e.kind());
        assertEquals("size", e.field());
        assertTrue(e.getMessage().length() > 20, "the message explains: " + e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void explainsDecimalUnitsAndSectors() {
        assertTrue(assertThrows(InvalidInputException.class, () -> Sizes.parse("size", "2GB")).getMessage().contains("GiB"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Sizes.parse("size", "1000")).getMessage().contains("1024"));
    }

    @ParameterizedTest
    @CsvSource({"2147483648, 2G", "536870912, 512M", "1024, 1K", "1536, 1536", "1610612736, 1536M", "512, 512"})
    void formatsTheShortestExactForm(long bytes, String text) {
        assertEquals(text, Sizes.format(bytes));
        assertEquals(bytes, Sizes.parse("size", text));
    }
}
