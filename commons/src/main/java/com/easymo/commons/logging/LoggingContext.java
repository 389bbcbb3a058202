package com.easymo.commons.logging;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * Carries the logging context (the SLF4J MDC, with the correlation ID and client IP) from the thread that hands work
 * off to the thread that runs it.
 *
 * <p>The task runs with a copy of the submitting thread's context taken at submission, and the worker thread's own
 * context is restored afterwards, so a pooled worker never keeps one request's ID for the next task.
 */
public final class LoggingContext {

    private LoggingContext() {}

    /** Returns the task wrapped so that it runs with the caller's current logging context. */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            install(captured);
            try {
                task.run();
            } finally {
                install(previous);
            }
        };
    }

    /** Returns the task wrapped so that it runs with the caller's current logging context. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            install(captured);
            try {
                return task.call();
            } finally {
                install(previous);
            }
        };
    }

    /** Returns an executor that runs every task with the logging context of the thread that submitted it. */
    public static Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    private static void install(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
