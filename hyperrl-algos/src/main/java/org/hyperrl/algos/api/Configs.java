package org.hyperrl.algos.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.init.LayerInits;

/**
 * Configuration records by component name: to JSON-ready maps and back, changed values at dotted paths
 * ({@code batchSize}, {@code criticConfig.primary.widths}) as the command line's {@code --set} does, a derived copy of
 * a record ({@link #with}) and a readable rendering ({@link #describe}).
 *
 * <p>Values: numbers and booleans as themselves, {@code int[]}/{@code long[]}/{@code double[]} as lists (on the
 * command line {@code 64,64} or {@code [64,64]}), enums by their {@code id()} if they have one (e.g. {@code
 * sa-hyper}) else by their lower-case name, {@link HyperInit} and {@link LayerInit} by name, nested records as
 * objects. A double may be NaN (some configs use it for "derived", e.g. a target entropy); the config records'
 * own checks reject it where it is not meaningful. Decoding accepts JSON values and command-line strings alike and names the path in every error.
 */
public final class Configs {
    private Configs() {
    }

    /** The record as an ordered map of its components. */
    public static Map<String, Object> encode(Record record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            map.put(c.getName(), encodeValue(c.getType(), read(c, record), c.getName()));
        }
        return map;
    }

    /**
     * Builds a {@code type} from a map produced by {@link #encode} (possibly read back from JSON and modified).
     *
     * @throws IllegalArgumentException naming the path of a missing, unknown or malformed value, or the record's own
     *                                  validation message
     */
    public static <R extends Record> R decode(Class<R> type, Map<String, ?> map) {
        return decode(type, map, "");
    }

    private static <R extends Record> R decode(Class<R> type, Map<String, ?> map, String prefix) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (String key : map.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + prefix + key + "'");
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String path = prefix + c.getName();
            if (!map.containsKey(c.getName())) {
                // a nested settings record missing as a whole takes its type's default; a component missing from a
                // record that has a default takes the default's value (a key added after the config was written)
                Object fallback = defaultOf(c.getType());
                Object owner = defaultOf(type);
                if (fallback == null && owner != null) {
                    fallback = read(c, (Record) owner);
                }
                if (fallback == null) {
                    throw new IllegalArgumentException("missing key '" + path + "'");
                }
                args[i] = fallback;
                types[i] = c.getType();
                continue;
            }
            args[i] = decodeValue(c.getType(), map.get(c.getName()), path);
            types[i] = c.getType();
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(prefix.isEmpty() ? iae.getMessage()
                        : prefix.substring(0, prefix.length() - 1) + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e, e);
        }
    }

    /**
     * Sets the value at a dotted {@code path} of a map encoded from a {@code type}, parsing {@code text} for the
     * component's type.
     *
     * @throws IllegalArgumentException for an unknown path, a path naming a group of settings, or a malformed value
     */
    @SuppressWarnings("unchecked")
    public static void set(Class<? extends Record> type, Map<String, Object> map, String path, String text) {
        String[] parts = path.split("\\.", -1);
        Class<?> current = type;
        Map<String, Object> node = map;
        for (int i = 0; i < parts.length; i++) {
            RecordComponent c = component(current, parts[i]);
            if (c == null) {
                throw unknownKey(type, path);
            }
            if (i < parts.length - 1) {
                if (!c.getType().isRecord()) {
                    throw unknownKey(type, path);
                }
                current = c.getType();
                node = (Map<String, Object>) node.get(parts[i]);
            } else {
                if (c.getType().isRecord()) {
                    throw new IllegalArgumentException("'" + path + "' is a group of settings; set one of its keys, "
                            + "e.g. " + path + "." + c.getType().getRecordComponents()[0].getName());
                }
                Object value = decodeValue(c.getType(), text, path);
                node.put(parts[i], encodeValue(c.getType(), value, path));
            }
        }
    }

    /**
     * A copy of {@code config} with the values at the given dotted paths replaced, checked by the records'
     * constructors as any config is: the one way to derive a changed config, e.g.
     * {@code Configs.with(Td3Config.paper("sa-hyper"), Map.of("totalSteps", 20_000, "criticConfig.dynamicHidden", 64))}.
     * Values are given as the component's Java type (boxed numbers of any integral or floating type are converted,
     * records and arrays as themselves) or as command-line text.
     *
     * @throws IllegalArgumentException for an unknown path or a value the component or record rejects
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R config, Map<String, ?> changes) {
        Class<R> type = (Class<R>) config.getClass();
        Map<String, Object> map = encode(config);
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            String path = e.getKey();
            RecordComponent c = componentAt(type, path);
            Object value = e.getValue() instanceof String text && c.getType() != String.class
                    ? decodeValue(c.getType(), text, path) : coerce(c.getType(), e.getValue(), path);
            Map<String, Object> node = map;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.get(parts[i]);
            }
            node.put(parts[parts.length - 1], encodeValue(c.getType(), value, path));
        }
        return decode(type, map);
    }

    /** {@link #with} for one path. */
    public static <R extends Record> R with(R config, String path, Object value) {
        return with(config, Map.of(path, value));
    }

    /**
     * The record as {@code Name{key=value, ...}} with arrays, inits and nested records written out (a record's own
     * {@code toString} prints arrays as {@code [I@1b2c3d}); config records delegate their {@code toString} here.
     */
    public static String describe(Record config) {
        return config.getClass().getSimpleName() + render(encode(config));
    }

    private static String render(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k).append('=');
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sub = (Map<String, Object>) m;
                sb.append(render(sub));
            } else {
                sb.append(v);
            }
        });
        return sb.append('}').toString();
    }

    private static RecordComponent componentAt(Class<?> type, String path) {
        String[] parts = path.split("\\.", -1);
        Class<?> current = type;
        RecordComponent c = null;
        for (int i = 0; i < parts.length; i++) {
            c = component(current, parts[i]);
            if (c == null || (i < parts.length - 1 && !c.getType().isRecord())) {
                throw unknownKey(type, path);
            }
            current = c.getType();
        }
        return c;
    }

    private static Object coerce(Class<?> type, Object value, String path) {
        if (value == null) {
            throw new IllegalArgumentException("'" + path + "' is null; every config value must be set");
        }
        if (type == int.class && value instanceof Number n) {
            long v = integer(n, path);
            return decodeValue(int.class, v, path);
        }
        if (type == long.class && value instanceof Number n) {
            return integer(n, path);
        }
        if (type == double.class && value instanceof Number n) {
            return n.doubleValue();
        }
        Class<?> boxed = type == boolean.class ? Boolean.class : type;
        if (!boxed.isInstance(value)) {
            throw new IllegalArgumentException("'" + path + "' is a " + type.getSimpleName() + ", got "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return value;
    }

    /** Every settable dotted path of {@code type}, in declaration order. */
    public static List<String> keys(Class<?> type) {
        List<String> keys = new ArrayList<>();
        addKeys(type, "", keys);
        return keys;
    }

    /** The value at a dotted path of an encoded map (null if absent). */
    @SuppressWarnings("unchecked")
    public static Object get(Map<String, ?> map, String path) {
        Object node = map;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = ((Map<String, ?>) m).get(part);
        }
        return node;
    }

    private static void addKeys(Class<?> type, String prefix, List<String> keys) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType().isRecord()) {
                addKeys(c.getType(), prefix + c.getName() + ".", keys);
            } else {
                keys.add(prefix + c.getName());
            }
        }
    }

    private static IllegalArgumentException unknownKey(Class<?> type, String path) {
        List<String> keys = keys(type);
        String suggestion = "";
        for (String k : keys) {
            if (k.equalsIgnoreCase(path) || k.toLowerCase(Locale.ROOT).endsWith("." + path.toLowerCase(Locale.ROOT))) {
                suggestion = " (did you mean '" + k + "'?)";
                break;
            }
        }
        return new IllegalArgumentException("unknown key '" + path + "'" + suggestion + "; valid keys: "
                + String.join(", ", keys));
    }

    private static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The default of a nested config type: the value of its {@code public static T defaultValue()} if it declares one,
     * else {@code null}. A config written before such a component existed decodes with the default (so older run
     * directories stay readable and resumable), and {@link #defaulted} leaves a component at its default out of run
     * fingerprints.
     */
    public static Object defaultOf(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        try {
            java.lang.reflect.Method m = type.getMethod("defaultValue");
            if (!java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getReturnType() != type) {
                return null;
            }
            return m.invoke(null);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the default of " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** The top-level components of {@code config} that have a {@link #defaultOf default} and are equal to it. */
    public static List<String> defaulted(Record config) {
        List<String> out = new java.util.ArrayList<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object d = defaultOf(c.getType());
            if (d != null && d.equals(read(c, config))) {
                out.add(c.getName());
            }
        }
        return out;
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }

    private static Object encodeValue(Class<?> type, Object value, String path) {
        if (value == null) {
            throw new IllegalArgumentException("'" + path + "' is null; every config value must be set");
        }
        if (type.isRecord()) {
            return encode((Record) value);
        }
        if (type == int[].class) {
            return Arrays.stream((int[]) value).boxed().toList();
        }
        if (type == long[].class) {
            return Arrays.stream((long[]) value).boxed().toList();
        }
        if (type == double[].class) {
            return Arrays.stream((double[]) value).boxed().toList();
        }
        if (type.isEnum()) {
            return enumName((Enum<?>) value);
        }
        if (HyperInit.class.isAssignableFrom(type)) {
            String name = ((HyperInit) value).name();
            requireRoundTrip(path, name, () -> HyperInits.byName(name).name());
            return name;
        }
        if (LayerInit.class.isAssignableFrom(type)) {
            String name = ((LayerInit) value).name();
            requireRoundTrip(path, name, () -> LayerInits.byName(name).name());
            return name;
        }
        if (type == int.class || type == long.class || type == double.class || type == boolean.class
                || type == String.class) {
            return value;
        }
        throw new UnsupportedOperationException("config value '" + path + "' has type " + type.getName()
                + ", which config.json cannot hold yet; add it to " + Configs.class.getSimpleName());
    }

    private static void requireRoundTrip(String path, String name, java.util.function.Supplier<String> lookup) {
        String back;
        try {
            back = lookup.get();
        } catch (IllegalArgumentException e) {
            back = null;
        }
        if (!name.equals(back)) {
            throw new IllegalArgumentException("'" + path + "' = " + name + " is not a named initialisation, so "
                    + "config.json cannot hold it; use a named one");
        }
    }

    private static Object decodeValue(Class<?> type, Object raw, String path) {
        if (raw == null) {
            throw new IllegalArgumentException("'" + path + "' is null");
        }
        if (type.isRecord()) {
            if (!(raw instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("'" + path + "' must be an object of settings, got '" + raw + "'");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> sub = (Map<String, ?>) m;
            return decode(type.asSubclass(Record.class), sub, path + ".");
        }
        if (type == int.class) {
            long v = integer(raw, path);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw malformed(path, raw, "an integer in the int range");
            }
            return (int) v;
        }
        if (type == long.class) {
            return integer(raw, path);
        }
        if (type == double.class) {
            return number(raw, path);
        }
        if (type == boolean.class) {
            if (raw instanceof Boolean b) {
                return b;
            }
            String s = raw.toString().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            throw malformed(path, raw, "true or false");
        }
        if (type == String.class) {
            return raw.toString();
        }
        if (type == int[].class || type == long[].class || type == double[].class) {
            List<?> items = list(raw, path);
            int n = items.size();
            if (type == int[].class) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Integer) decodeValue(int.class, items.get(i), path + "[" + i + "]");
                }
                return a;
            }
            if (type == long[].class) {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = integer(items.get(i), path + "[" + i + "]");
                }
                return a;
            }
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = number(items.get(i), path + "[" + i + "]");
            }
            return a;
        }
        if (type.isEnum()) {
            return enumValue(type, raw.toString(), path);
        }
        if (HyperInit.class.isAssignableFrom(type)) {
            return named(path, () -> HyperInits.byName(raw.toString()));
        }
        if (LayerInit.class.isAssignableFrom(type)) {
            return named(path, () -> LayerInits.byName(raw.toString()));
        }
        throw new UnsupportedOperationException("config value '" + path + "' has type " + type.getName()
                + ", which cannot be read from config.json or --set yet; add it to "
                + Configs.class.getSimpleName());
    }

    private static Object named(String path, java.util.function.Supplier<Object> lookup) {
        try {
            return lookup.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + path + "': " + e.getMessage(), e);
        }
    }

    private static List<?> list(Object raw, String path) {
        if (raw instanceof List<?> l) {
            return l;
        }
        String s = raw.toString().trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        if (s.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(s.split(",", -1)).map(String::trim).toList();
    }

    private static long integer(Object raw, String path) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            return ((Number) raw).longValue();
        }
        String s = raw.toString().trim().replace("_", "");
        try {
            BigDecimal d = new BigDecimal(s);
            return d.toBigIntegerExact().longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw malformed(path, raw, "an integer");
        }
    }

    private static double number(Object raw, String path) {
        double d;
        if (raw instanceof Number n) {
            d = n.doubleValue();
        } else if (raw.toString().trim().equalsIgnoreCase("nan")) {
            d = Double.NaN;
        } else {
            try {
                d = new BigDecimal(raw.toString().trim().replace("_", "")).doubleValue();
            } catch (NumberFormatException e) {
                throw malformed(path, raw, "a number");
            }
        }
        if (Double.isInfinite(d)) {
            throw malformed(path, raw, "a finite number (or NaN where the config documents it)");
        }
        return d;
    }

    private static IllegalArgumentException malformed(String path, Object raw, String expected) {
        return new IllegalArgumentException("'" + path + "' = '" + raw + "' is malformed; expected " + expected);
    }

    /** An enum's config name: its {@code id()} if it declares one, else its lower-case name. */
    public static String enumName(Enum<?> value) {
        try {
            Method id = value.getDeclaringClass().getMethod("id");
            if (id.getReturnType() == String.class) {
                return (String) id.invoke(value);
            }
        } catch (NoSuchMethodException e) {
            // no id(): the lower-case name it is
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the id of " + value, e);
        }
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Object enumValue(Class<?> type, String text, String path) {
        String key = normalise(text);
        List<String> valid = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            Enum<?> e = (Enum<?>) constant;
            String name = enumName(e);
            valid.add(name);
            if (normalise(name).equals(key) || normalise(e.name()).equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + path + "' = '" + text + "' is not valid; expected one of "
                + String.join(", ", valid));
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
