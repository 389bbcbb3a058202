package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool}: the executable named by the environment variable {@code PROMTOOL} when it is
 * set, otherwise {@code promtool} on the {@code PATH}.
 */
public final class Promtool {

    /** Environment variable with the absolute path of the promtool executable. */
    public static final String EXECUTABLE_VARIABLE = "PROMTOOL";

    /** Maximum run time of one promtool command, after which the process is killed. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final String HOW_TO_FIX = "Install Debian's prometheus package (apt-get install prometheus), which"
            + " puts promtool on the PATH, or set the environment variable " + EXECUTABLE_VARIABLE
            + " to the absolute path of a promtool executable.";

    private Promtool() {}

    /**
     * Returns the promtool executable.
     *
     * @throws AssertionError if {@code PROMTOOL} is set but does not name an executable file, or if it is not set and
     *     no {@code promtool} is on the {@code PATH}
     */
    public static Path executable() {
        String configured = System.getenv(EXECUTABLE_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configuredExecutable(configured);
        }

        String searchPath = System.getenv("PATH");
        if (searchPath != null) {
            for (String directory : searchPath.split(File.pathSeparator)) {
                Path candidate = candidate(directory);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("promtool was not found: the environment variable " + EXECUTABLE_VARIABLE
                + " is not set and no promtool is on the PATH. " + HOW_TO_FIX);
    }

    /** Runs promtool with the given arguments and no standard input. */
    public static Result run(String... arguments) {
        return run(List.of(arguments), null);
    }

    /**
     * Runs promtool with the given arguments and waits at most {@link #TIMEOUT} for it to exit.
     *
     * @param arguments the arguments after the executable, such as {@code check rules FILE}
     * @param stdin the text to send to its standard input, such as a scrape for {@code check metrics}, or null for
     *     none
     * @throws AssertionError if promtool cannot be found or does not exit within the timeout
     */
    public static Result run(List<String> arguments, String stdin) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(arguments);

        Path stdoutFile = null;
        Path stderrFile = null;
        Path stdinFile = null;
        try {
            stdoutFile = Files.createTempFile("promtool-", ".stdout");
            stderrFile = Files.createTempFile("promtool-", ".stderr");
            // Output goes to files instead of pipes, so a process that writes much output cannot block on a full pipe.
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdoutFile.toFile())
                    .redirectError(stderrFile.toFile());
            if (stdin != null) {
                stdinFile = Files.createTempFile("promtool-", ".stdin");
                Files.writeString(stdinFile, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(stdinFile.toFile());
            }

            Process process = builder.start();
            if (stdin == null) {
                process.getOutputStream().close();
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return fail("promtool did not exit within " + TIMEOUT.toSeconds() + " s and was killed: "
                        + String.join(" ", command));
            }
            return new Result(
                    List.copyOf(command),
                    process.exitValue(),
                    Files.readString(stdoutFile, StandardCharsets.UTF_8),
                    Files.readString(stderrFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + String.join(" ", command), e);
        } finally {
            deleteQuietly(stdoutFile);
            deleteQuietly(stderrFile);
            deleteQuietly(stdinFile);
        }
    }

    private static Path configuredExecutable(String configured) {
        Path path;
        try {
            path = Path.of(configured);
        } catch (InvalidPathException e) {
            return fail(
                    EXECUTABLE_VARIABLE + " is set to '" + configured + "', which is not a valid path. " + HOW_TO_FIX);
        }
        if (!path.isAbsolute()) {
            return fail(EXECUTABLE_VARIABLE + " is set to '" + configured + "', which is not an absolute path. "
                    + HOW_TO_FIX);
        }
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            return fail(EXECUTABLE_VARIABLE + " is set to '" + configured + "', which is not an executable file. "
                    + HOW_TO_FIX);
        }
        return path;
    }

    /** Returns {@code directory/promtool}, or null for an empty or invalid {@code PATH} entry. */
    private static Path candidate(String directory) {
        if (directory.isEmpty()) {
            return null;
        }
        try {
            return Path.of(directory, "promtool");
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover file in the temporary directory does not change the result.
        }
    }

    /**
     * The outcome of one promtool run.
     *
     * @param command the executable and its arguments
     * @param exitCode the process's exit code
     * @param stdout everything it wrote to standard output
     * @param stderr everything it wrote to standard error
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /**
         * Returns standard output followed by standard error. promtool writes a rule's parse error and a failed
         * unit test to standard error, and the names of the checked files to standard output.
         */
        public String output() {
            return stdout + stderr;
        }

        /** Describes the run for assertion messages: the command, its exit code and its output. */
        @Override
        public String toString() {
            return String.join(" ", command) + " exited with " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }
}
