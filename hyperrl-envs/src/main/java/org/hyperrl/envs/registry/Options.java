package org.hyperrl.envs.registry;

import java.util.Locale;
import java.util.Map;

/**
 * Resolved options for one env construction: the user's values (numbers, booleans or strings, e.g. from a
 * config file or the command line) over the declared defaults. Typed getters convert and name the option
 * in any error.
 */
public final class Options {

    private final String envId;
    private final Map<String, Object> values;

    Options(String envId, Map<String, Object> values) {
        this.envId = envId;
        this.values = values;
    }

    private Object raw(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalStateException("env '" + envId + "' read undeclared option '" + name + "'");
        }
        return values.get(name);
    }

    /** Option {@code name} as an int. */
    public int getInt(String name) {
        Object v = raw(name);
        try {
            if (v instanceof Number n) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new NumberFormatException();
                }
                return Math.toIntExact(n.longValue());
            }
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(name, v, "an integer");
        }
    }

    /** Option {@code name} as a long. */
    public long getLong(String name) {
        Object v = raw(name);
        try {
            if (v instanceof Number n) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new NumberFormatException();
                }
                return n.longValue();
            }
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(name, v, "an integer");
        }
    }

    /** Option {@code name} as a finite double. */
    public double getDouble(String name) {
        Object v = raw(name);
        double d;
        try {
            d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(name, v, "a number");
        }
        if (!Double.isFinite(d)) {
            throw bad(name, v, "a finite number");
        }
        return d;
    }

    /** Option {@code name} as a boolean ("true"/"false"). */
    public boolean getBoolean(String name) {
        Object v = raw(name);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw bad(name, v, "true or false");
    }

    /** Option {@code name} as a string. */
    public String getString(String name) {
        return raw(name).toString();
    }

    /** Option {@code name} as a constant of {@code type}, matched case-insensitively. */
    public <E extends Enum<E>> E getEnum(String name, Class<E> type) {
        String s = getString(name).trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw bad(name, s, "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }

    IllegalArgumentException bad(String name, Object value, String expected) {
        return new IllegalArgumentException("env '" + envId + "': option '" + name + "' = '" + value
                + "' is invalid; expected " + expected);
    }
}
