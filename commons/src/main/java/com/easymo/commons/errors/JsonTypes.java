package com.easymo.commons.errors;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Describes what a client must send for a Java target type, in terms of JSON. */
final class JsonTypes {

    private JsonTypes() {}

    /**
     * Returns the expected value with its article, such as "a string", "an integer", "one of RED, GREEN" for an
     * enum, or "a valid UUID" for a JDK type that Jackson reads from a string.
     */
    static String expectation(Class<?> type) {
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
        }
        String jsonType = jsonType(type);
        if (jsonType.equals("object") && isJdkValueType(type)) {
            return "a valid " + type.getSimpleName();
        }
        return ("aeiou".indexOf(jsonType.charAt(0)) >= 0 ? "an " : "a ") + jsonType;
    }

    /** Returns the JSON type for a Java type: string, integer, number, boolean, array or object. */
    static String jsonType(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class) {
            return "string";
        }
        if (isInteger(type)) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }

    private static boolean isJdkValueType(Class<?> type) {
        return type.getName().startsWith("java.") && !Map.class.isAssignableFrom(type) && type != Object.class;
    }

    private static boolean isInteger(Class<?> type) {
        return type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class
                || type == Byte.class
                || type == byte.class
                || type == BigInteger.class;
    }
}
