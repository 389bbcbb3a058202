package com.easymo.commons.errors;

import java.util.Optional;

/** Searches the cause chain of an exception. */
final class Causes {

    /** Bounds the search, so a cause cycle cannot loop forever. */
    private static final int MAX_DEPTH = 20;

    private Causes() {}

    /** Returns the exception itself or its nearest cause that is an instance of the given type. */
    static <T extends Throwable> Optional<T> find(Throwable exception, Class<T> type) {
        Throwable current = exception;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
            current = current.getCause();
        }
        return Optional.empty();
    }
}
