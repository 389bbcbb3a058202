package com.easymo.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.easymo.commons.logging.CorrelationIdFilter;
import com.easymo.commons.logging.MaskedJsonLayoutFactory;
import com.easymo.commons.logging.ServiceInfo;
import com.easymo.commons.logging.masking.PiiMasker;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.event.KeyValuePair;

/**
 * Measures one JSON line of the application log, written by the {@code masked-json} layout, with masking on and off.
 *
 * <p>Both settings use the same layout class, so the difference between them is the cost of masking. Each event is
 * built once and written many times, so logback's per-event caches (the formatted message, the caller data) are warm
 * and neither setting pays for them. Run with {@code java -jar benchmarks/target/benchmarks.jar LogMaskingBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class LogMaskingBenchmark {

    static final int STACK_FRAMES = 40;

    private static final String CORRELATION_ID = "5f0c2a9e-7d41-4b8e-9c3a-1e6f2b7d8a90";
    private static final String CALL_ID = "58008890-c6f6-424f-90d5-9e9b7442e2cb";
    private static final String CLIENT_IP = "203.0.113.62";
    private static final String REQUEST_THREAD = "dw-42 - POST /calls/outbound";
    private static final Instant TIMESTAMP = Instant.parse("2026-12-04T18:20:42.123Z");

    /** {@code on} writes with {@link PiiMasker#defaults()}, {@code off} with {@link PiiMasker#disabled()}. */
    @Param({"on", "off"})
    public String masking;

    private LoggerContext context;
    private LayoutBase<ILoggingEvent> layout;
    private ILoggingEvent shortMessage;
    private ILoggingEvent twoPhoneNumbers;
    private ILoggingEvent stackTrace40Frames;

    /** Builds the layout and the three events, and checks that the layout masks exactly when it should. */
    @Setup
    public void setUp() {
        PiiMasker masker = switch (masking) {
            case "on" -> PiiMasker.defaults();
            case "off" -> PiiMasker.disabled();
            default ->
                throw new IllegalArgumentException("Invalid masking parameter '" + masking + "'. Use on or off.");
        };
        context = new LoggerContext();
        MaskedJsonLayoutFactory factory = new MaskedJsonLayoutFactory();
        factory.configure(masker, new ServiceInfo("voice-bridge", "0.1.0-SNAPSHOT"));
        layout = factory.build(context, TimeZone.getTimeZone("UTC"));
        layout.start();

        shortMessage = shortMessageEvent(context);
        twoPhoneNumbers = twoPhoneNumbersEvent(context);
        stackTrace40Frames = stackTraceEvent(context);
        checkOutput(masker.isEnabled());
    }

    /** Stops the layout and the logger context that setUp started. */
    @TearDown
    public void tearDown() {
        layout.stop();
        context.stop();
    }

    @Benchmark
    public String shortMessage() {
        return layout.doLayout(shortMessage);
    }

    @Benchmark
    public String twoPhoneNumbers() {
        return layout.doLayout(twoPhoneNumbers);
    }

    @Benchmark
    public String stackTrace40Frames() {
        return layout.doLayout(stackTrace40Frames);
    }

    private static ILoggingEvent shortMessageEvent(LoggerContext context) {
        LoggingEvent event = event(context, "com.easymo.voicebridge.core.CallService", Level.INFO, "Call queued");
        event.addKeyValuePair(new KeyValuePair("event", "CALL_QUEUED"));
        event.addKeyValuePair(new KeyValuePair("callId", CALL_ID));
        event.addKeyValuePair(new KeyValuePair("provider", "simulated"));
        return event;
    }

    private static ILoggingEvent twoPhoneNumbersEvent(LoggerContext context) {
        LoggingEvent event = event(
                context,
                "com.easymo.voicebridge.provider.HttpTelephonyProvider",
                Level.INFO,
                "Placing call to {} from {}",
                "+14155550123",
                "sip:+254712345678@sip.example.com");
        event.addKeyValuePair(new KeyValuePair("callId", CALL_ID));
        return event;
    }

    private static ILoggingEvent stackTraceEvent(LoggerContext context) {
        IOException cause =
                new IOException("Provider rejected credentials of ops.alerts@example.com: 401 Unauthorized");
        cause.setStackTrace(StackFrames.providerClientFrames());
        IllegalStateException failure =
                new IllegalStateException("Failed to place call to +254712345678 through provider http", cause);
        failure.setStackTrace(StackFrames.requestFrames());

        Logger logger = context.getLogger("com.easymo.voicebridge.resources.CallResource");
        LoggingEvent event =
                new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "Call failed", failure, null);
        addRequestContext(event);
        event.addKeyValuePair(new KeyValuePair("event", "CALL_FAILED"));
        event.addKeyValuePair(new KeyValuePair("callId", CALL_ID));
        return event;
    }

    private static LoggingEvent event(
            LoggerContext context, String loggerName, Level level, String message, Object... arguments) {
        Logger logger = context.getLogger(loggerName);
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null, arguments);
        addRequestContext(event);
        return event;
    }

    /** Sets the thread name, timestamp and MDC entries that an event logged while serving a request carries. */
    private static void addRequestContext(LoggingEvent event) {
        event.setThreadName(REQUEST_THREAD);
        event.setTimeStamp(TIMESTAMP.toEpochMilli());
        event.setMDCPropertyMap(
                Map.of(CorrelationIdFilter.MDC_KEY, CORRELATION_ID, CorrelationIdFilter.CLIENT_IP_MDC_KEY, CLIENT_IP));
    }

    /**
     * Checks that the phone numbers, the email address and the client IP appear in the output exactly when masking is
     * off, and that the exception is written with all its frames.
     */
    private void checkOutput(boolean maskingOn) {
        String shortLine = layout.doLayout(shortMessage);
        String phoneLine = layout.doLayout(twoPhoneNumbers);
        String errorLine = layout.doLayout(stackTrace40Frames);
        checkContains(shortLine, CLIENT_IP, !maskingOn);
        checkContains(shortLine, "CALL_QUEUED", true);
        checkContains(phoneLine, "+14155550123", !maskingOn);
        checkContains(phoneLine, "+254712345678", !maskingOn);
        checkContains(errorLine, "+254712345678", !maskingOn);
        checkContains(errorLine, "ops.alerts@example.com", !maskingOn);

        // Jackson escapes the tab before each frame line as the two characters \t.
        int frames = errorLine.split("\\\\tat ", -1).length - 1;
        if (frames != STACK_FRAMES) {
            throw new IllegalStateException(
                    "Expected " + STACK_FRAMES + " stack frames in the output, found " + frames + ": " + errorLine);
        }
    }

    private void checkContains(String line, String text, boolean expected) {
        if (line.contains(text) != expected) {
            throw new IllegalStateException("With masking " + masking + ", expected the line "
                    + (expected ? "to contain " : "not to contain ") + text + ": " + line);
        }
    }
}
