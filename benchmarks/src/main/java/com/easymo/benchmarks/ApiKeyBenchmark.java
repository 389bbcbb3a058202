package com.easymo.benchmarks;

import com.easymo.commons.auth.ApiKey;
import com.easymo.commons.auth.ApiKeyDigests;
import com.easymo.commons.auth.ApiKeySet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures finding the API key a request presents in a key set of 10 and of 10,000 keys, against the SHA-256 of the
 * key alone as the baseline, since every lookup hashes the presented key first. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar ApiKeyBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ApiKeyBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    /** Number of keys in the set. */
    @Param({"10", "10000"})
    public int keys;

    private ApiKeySet set;
    private String validKey;
    private String unknownKey;
    private byte[] validBytes;

    @Setup(Level.Trial)
    public void buildSet() {
        List<ApiKey> entries = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            String key = ApiKeyDigests.newKey();
            entries.add(new ApiKey("key-" + i, "owner-" + (i % 100), ApiKeyDigests.sha256Hex(key), null, null));
            if (i == keys / 2) {
                validKey = key;
            }
        }
        set = new ApiKeySet(entries);
        unknownKey = ApiKeyDigests.newKey();
        validBytes = validKey.getBytes(StandardCharsets.UTF_8);
        if (set.authenticate(validKey, NOW).outcome() != ApiKeySet.Outcome.ACCEPTED
                || set.authenticate(unknownKey, NOW).outcome() != ApiKeySet.Outcome.INVALID) {
            throw new IllegalStateException("The key set does not decide as the benchmark expects");
        }
    }

    /** Computes the SHA-256 of a key, as every lookup does first. */
    @Benchmark
    public byte[] baselineSha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(validBytes);
    }

    /** A valid key, found and checked. */
    @Benchmark
    public ApiKeySet.Authentication validKey() {
        return set.authenticate(validKey, NOW);
    }

    /** A key that is not in the set, as a guessing client sends. */
    @Benchmark
    public ApiKeySet.Authentication unknownKey() {
        return set.authenticate(unknownKey, NOW);
    }
}
