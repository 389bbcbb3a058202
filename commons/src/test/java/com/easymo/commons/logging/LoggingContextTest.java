package com.easymo.commons.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LoggingContextTest {

    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @BeforeEach
    void clearContext() {
        MDC.clear();
    }

    @AfterEach
    void stopWorker() {
        MDC.clear();
        worker.shutdownNow();
    }

    @Test
    void taskSeesSubmittersCorrelationId() throws Exception {
        MDC.put(CorrelationIdFilter.MDC_KEY, "corr-A-111");
        Executor propagating = LoggingContext.propagating(worker);
        String[] seen = new String[1];

        propagating.execute(() -> seen[0] = MDC.get(CorrelationIdFilter.MDC_KEY));
        worker.submit(() -> null).get(5, TimeUnit.SECONDS);

        assertThat(seen[0]).isEqualTo("corr-A-111");
    }

    @Test
    void workerForgetsContextAfterTask() throws Exception {
        MDC.put(CorrelationIdFilter.MDC_KEY, "corr-A-111");
        worker.submit(LoggingContext.wrap(() -> "done")).get(5, TimeUnit.SECONDS);
        MDC.clear();

        Future<String> later = worker.submit(() -> MDC.get(CorrelationIdFilter.MDC_KEY));

        assertThat(later.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void contextIsCapturedAtWrapping() throws Exception {
        MDC.put(CorrelationIdFilter.MDC_KEY, "corr-first");
        String[] seen = new String[1];
        Runnable task = LoggingContext.wrap((Runnable) () -> seen[0] = MDC.get(CorrelationIdFilter.MDC_KEY));
        MDC.put(CorrelationIdFilter.MDC_KEY, "corr-second");

        worker.submit(task).get(5, TimeUnit.SECONDS);

        assertThat(seen[0]).isEqualTo("corr-first");
    }
}
