package com.easymo.commons.ratelimit.redis;

import com.easymo.commons.ratelimit.MemoryRateLimitStore;
import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.ratelimit.StoreFactory;
import com.easymo.commons.resilience.CircuitBreakerFactory;
import com.easymo.commons.resilience.CircuitBreakerMetrics;
import com.easymo.commons.resilience.CircuitBreakers;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code redis} store: buckets in Redis, shared by every instance of a service.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code mode}</td><td>standalone</td><td>{@code standalone}, {@code sentinel} or {@code cluster}.</td></tr>
 *   <tr><td>{@code addresses}</td><td>127.0.0.1:6379</td><td>{@code host:port} of the server, of the Sentinels,
 *       or of some Cluster nodes: a list, or one string with the addresses separated by commas.</td></tr>
 *   <tr><td>{@code masterName}</td><td>none</td><td>Name of the monitored primary; required in sentinel
 *       mode.</td></tr>
 *   <tr><td>{@code database}</td><td>0</td><td>Database number, 0 to 15; must be 0 in cluster mode.</td></tr>
 *   <tr><td>{@code userVariable}</td><td>REDIS_USER</td><td>Environment variable holding the ACL user name; no
 *       user when unset.</td></tr>
 *   <tr><td>{@code passwordVariable}</td><td>REDIS_PASSWORD</td><td>Environment variable holding the password; no
 *       authentication when unset.</td></tr>
 *   <tr><td>{@code tls}</td><td>false</td><td>Connects with TLS, checking the server certificate against the JVM's
 *       trust store.</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>250ms</td><td>Bound on opening a connection, 10ms to 10s.</td></tr>
 *   <tr><td>{@code socketTimeout}</td><td>250ms</td><td>Bound on every command, and on waiting for a pooled
 *       connection, 10ms to 10s.</td></tr>
 *   <tr><td>{@code poolSize}</td><td>32</td><td>Connections per server, 1 to 1024.</td></tr>
 *   <tr><td>{@code keyPrefix}</td><td>ratelimit</td><td>First part of every key; the service name follows it, so
 *       services can share one Redis.</td></tr>
 *   <tr><td>{@code onFailure}</td><td>local</td><td>While Redis fails: {@code local} (limit with this instance's
 *       memory), {@code allow} (admit all) or {@code deny} (reject all with 429).</td></tr>
 *   <tr><td>{@code localMaxBuckets}</td><td>100000</td><td>Bound of the in-memory store used in {@code local}
 *       mode.</td></tr>
 *   <tr><td>{@code circuitBreaker}</td><td>see below</td><td>The breaker around Redis calls, with the keys of
 *       {@link CircuitBreakerFactory}. Defaults: 50% of the last 10 calls, at least 5, open for 5s, 1 trial
 *       call, at most 10s half-open.</td></tr>
 * </table>
 */
@JsonTypeName("redis")
public class RedisStoreFactory implements StoreFactory {

    private static final String BREAKER_NAME = "rate-limit-redis";

    @NotNull
    private RedisMode mode = RedisMode.STANDALONE;

    @NotEmpty
    private List<@NotNull String> addresses = List.of("127.0.0.1:6379");

    private String masterName;

    @Min(0)
    @Max(15)
    private int database;

    @NotNull
    private String userVariable = "REDIS_USER";

    @NotNull
    private String passwordVariable = "REDIS_PASSWORD";

    private boolean tls;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    private Duration connectTimeout = Duration.milliseconds(250);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    private Duration socketTimeout = Duration.milliseconds(250);

    @Min(1)
    @Max(1024)
    private int poolSize = 32;

    @NotEmpty
    private String keyPrefix = "ratelimit";

    @NotNull
    private FailureMode onFailure = FailureMode.LOCAL;

    @Min(1)
    @Max(10_000_000)
    private long localMaxBuckets = 100_000;

    @Valid
    @NotNull
    private CircuitBreakerFactory circuitBreaker = defaultBreaker();

    private UnaryOperator<String> environmentVariables = System::getenv;

    @Override
    public RateLimitStore build(Environment environment, Clock clock) {
        LazyRedisClient redis = new LazyRedisClient(this::connect);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                redis.close();
            }
        });
        RedisRateLimitStore shared =
                new RedisRateLimitStore(redis, keyPrefix + ":" + environment.getName(), clock, poolSize + 1);
        CircuitBreaker breaker = CircuitBreakers.build(Map.of(BREAKER_NAME, circuitBreaker), clock)
                .circuitBreaker(BREAKER_NAME);
        CircuitBreakerMetrics.register(environment.metrics(), breaker);
        FallbackRateLimitStore store = new FallbackRateLimitStore(
                shared,
                new MemoryRateLimitStore(clock, localMaxBuckets),
                breaker,
                onFailure,
                clock,
                java.time.Duration.ofMillis(
                        circuitBreaker.getWaitDurationInOpenState().toMilliseconds()),
                () -> RedisPoolStats.of(redis.current()));
        environment.healthChecks().register("rate-limit-store", new RedisStoreHealthCheck(shared, store));
        return store;
    }

    /**
     * Builds the client for the configured mode. A standalone client connects on first use; Sentinel and Cluster
     * clients ask for the topology here and fail when no node responds, which is why the store builds it lazily.
     */
    UnifiedJedis connect() {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMilliseconds())
                .socketTimeoutMillis((int) socketTimeout.toMilliseconds())
                .ssl(tls)
                .clientName("easymo-rate-limit");
        String user = environmentVariables.apply(userVariable);
        String password = environmentVariables.apply(passwordVariable);
        if (password != null && !password.isEmpty()) {
            client.password(password);
            if (user != null && !user.isEmpty()) {
                client.user(user);
            }
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(java.time.Duration.ofMillis(socketTimeout.toMilliseconds()));
        pool.setBlockWhenExhausted(true);
        // Idle connections are checked in the background, so that ones Redis or a proxy closed are replaced before
        // a request borrows them. The store also retries a connection that turns out to be closed.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(10));
        pool.setMinEvictableIdleDuration(java.time.Duration.ofSeconds(60));

        return switch (mode) {
            case STANDALONE ->
                RedisClient.builder()
                        .hostAndPort(hostAndPorts().iterator().next())
                        .clientConfig(client.database(database).build())
                        .poolConfig(pool)
                        .build();
            case SENTINEL ->
                RedisSentinelClient.builder()
                        .masterName(masterName)
                        .sentinels(hostAndPorts())
                        .clientConfig(client.database(database).build())
                        .sentinelClientConfig(DefaultJedisClientConfig.builder()
                                .connectionTimeoutMillis((int) connectTimeout.toMilliseconds())
                                .socketTimeoutMillis((int) socketTimeout.toMilliseconds())
                                .ssl(tls)
                                .build())
                        .poolConfig(pool)
                        .build();
            case CLUSTER ->
                RedisClusterClient.builder()
                        .nodes(hostAndPorts())
                        .clientConfig(client.build())
                        .poolConfig(pool)
                        .maxAttempts(2)
                        .maxTotalRetriesDuration(java.time.Duration.ofMillis(2 * socketTimeout.toMilliseconds()))
                        .build();
        };
    }

    private Set<HostAndPort> hostAndPorts() {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String address : addresses) {
            nodes.add(HostAndPort.from(address.strip()));
        }
        return nodes;
    }

    private static CircuitBreakerFactory defaultBreaker() {
        CircuitBreakerFactory breaker = new CircuitBreakerFactory();
        breaker.setSlidingWindowSize(10);
        breaker.setMinimumNumberOfCalls(5);
        breaker.setWaitDurationInOpenState(Duration.seconds(5));
        breaker.setPermittedNumberOfCallsInHalfOpenState(1);
        // A trial call that never reports back must not keep the breaker half-open for good.
        breaker.setMaxWaitDurationInHalfOpenState(Duration.seconds(10));
        return breaker;
    }

    /** Replaces the environment lookup for the user and password, for tests. */
    @JsonIgnore
    public RedisStoreFactory withEnvironment(UnaryOperator<String> environmentVariables) {
        this.environmentVariables = environmentVariables;
        return this;
    }

    @JsonIgnore
    @AssertTrue(message = "must be set in sentinel mode")
    public boolean isMasterNameValid() {
        return mode != RedisMode.SENTINEL || (masterName != null && !masterName.isBlank());
    }

    @JsonIgnore
    @AssertTrue(message = "must be 0 in cluster mode")
    public boolean isDatabaseValid() {
        return mode != RedisMode.CLUSTER || database == 0;
    }

    @JsonIgnore
    @AssertTrue(message = "must each be host:port with a port from 1 to 65535")
    public boolean isAddressesValid() {
        try {
            return hostAndPorts().stream().allMatch(node -> node.getPort() >= 1 && node.getPort() <= 65535);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @JsonProperty
    public RedisMode getMode() {
        return mode;
    }

    @JsonProperty
    public void setMode(RedisMode mode) {
        this.mode = mode;
    }

    @JsonProperty
    public List<String> getAddresses() {
        return addresses;
    }

    /**
     * Sets the addresses. A single string is accepted as a one-element list, and entries may hold several addresses
     * separated by commas, so that one environment variable or system property can carry a whole Cluster.
     */
    @JsonProperty
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public void setAddresses(List<String> addresses) {
        this.addresses = addresses.stream()
                .flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    @JsonProperty
    public String getMasterName() {
        return masterName;
    }

    @JsonProperty
    public void setMasterName(String masterName) {
        this.masterName = masterName;
    }

    @JsonProperty
    public int getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(int database) {
        this.database = database;
    }

    @JsonProperty
    public String getUserVariable() {
        return userVariable;
    }

    @JsonProperty
    public void setUserVariable(String userVariable) {
        this.userVariable = userVariable;
    }

    @JsonProperty
    public String getPasswordVariable() {
        return passwordVariable;
    }

    @JsonProperty
    public void setPasswordVariable(String passwordVariable) {
        this.passwordVariable = passwordVariable;
    }

    @JsonProperty
    public boolean isTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(boolean tls) {
        this.tls = tls;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    @JsonProperty
    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    @JsonProperty
    public int getPoolSize() {
        return poolSize;
    }

    @JsonProperty
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    @JsonProperty
    public String getKeyPrefix() {
        return keyPrefix;
    }

    @JsonProperty
    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    @JsonProperty
    public FailureMode getOnFailure() {
        return onFailure;
    }

    @JsonProperty
    public void setOnFailure(FailureMode onFailure) {
        this.onFailure = onFailure;
    }

    @JsonProperty
    public long getLocalMaxBuckets() {
        return localMaxBuckets;
    }

    @JsonProperty
    public void setLocalMaxBuckets(long localMaxBuckets) {
        this.localMaxBuckets = localMaxBuckets;
    }

    @JsonProperty
    public CircuitBreakerFactory getCircuitBreaker() {
        return circuitBreaker;
    }

    @JsonProperty
    public void setCircuitBreaker(CircuitBreakerFactory circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }
}
