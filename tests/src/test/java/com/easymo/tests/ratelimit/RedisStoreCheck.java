package com.easymo.tests.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.ratelimit.redis.FallbackRateLimitStore;
import com.easymo.tests.LogCapture;
import com.easymo.tests.redis.RedisNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test unless Redis decided its requests. The {@code redis} store falls back to local memory while Redis
 * fails (its default {@code onFailure: local}), and a test could then pass without Redis.
 *
 * <p>After each test it checks that the store logged no {@code RATE_LIMIT_STORE_UNAVAILABLE} event and that the
 * server contains voice-bridge's bucket keys.
 */
final class RedisStoreCheck implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisStoreCheck.class);
    private static final String KEY_PATTERN = "ratelimit:voice-bridge:*";

    private final RedisNode node;

    /** Creates the check for the server that the service under test uses. */
    RedisStoreCheck(RedisNode node) {
        this.node = node;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(LogCapture.class, LogCapture.of(FallbackRateLimitStore.class.getName()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Map<String, Object>> unavailable;
        try (LogCapture logs = context.getStore(NAMESPACE).remove(LogCapture.class, LogCapture.class)) {
            unavailable = logs.fields().stream()
                    .filter(event -> "RATE_LIMIT_STORE_UNAVAILABLE".equals(event.get("event")))
                    .toList();
        }

        assertThat(unavailable).as("events of requests decided without Redis").isEmpty();
        assertThat(node.cli("--scan", "--pattern", KEY_PATTERN))
                .as("keys matching %s on Redis at %s", KEY_PATTERN, node.address())
                .contains("ratelimit:voice-bridge:{");
    }
}
