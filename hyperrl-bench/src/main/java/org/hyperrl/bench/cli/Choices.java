package org.hyperrl.bench.cli;

import java.util.List;
import java.util.Locale;

/** Parses an option value that must be one of a fixed list, with an error message that lists them. */
final class Choices {
    private Choices() {
    }

    static <E extends Enum<E>> E parse(String option, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw new IllegalArgumentException("unknown " + option + " '" + value + "'; expected one of "
                + String.join(", ", names));
    }
}
