package com.easymo.load;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;

import io.gatling.javaapi.core.ClosedInjectionStep;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A closed-model load profile: a sequence of stages, each of which ramps or keeps the number of concurrent virtual
 * users. When a virtual user finishes its scenario, Gatling starts a new one, so the concurrency stays at the target.
 */
public final class LoadProfile {

    /** One stage: the concurrency moves linearly from {@code fromUsers} to {@code toUsers} over {@code duration}. */
    public record Stage(int fromUsers, int toUsers, Duration duration) {

        public Stage {
            if (fromUsers < 0 || toUsers < 0) {
                throw new IllegalArgumentException("User counts must not be negative: " + fromUsers + ", " + toUsers);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("Stage duration must be positive: " + duration);
            }
        }

        /** Returns whether the stage keeps the concurrency constant. */
        public boolean isHold() {
            return fromUsers == toUsers;
        }

        ClosedInjectionStep injectionStep() {
            if (isHold()) {
                return constantConcurrentUsers(toUsers).during(duration);
            }
            return rampConcurrentUsers(fromUsers).to(toUsers).during(duration);
        }
    }

    /**
     * The standard profile, 21 minutes: 10, 50 and 100 concurrent users, each level reached by a 2-minute ramp and
     * held for 5, 5 and 3 minutes, then a 2-minute ramp down to 0.
     */
    public static final LoadProfile STANDARD = new LoadProfile(
            "standard",
            List.of(
                    new Stage(0, 10, Duration.ofMinutes(2)),
                    new Stage(10, 10, Duration.ofMinutes(5)),
                    new Stage(10, 50, Duration.ofMinutes(2)),
                    new Stage(50, 50, Duration.ofMinutes(5)),
                    new Stage(50, 100, Duration.ofMinutes(2)),
                    new Stage(100, 100, Duration.ofMinutes(3)),
                    new Stage(100, 0, Duration.ofMinutes(2))));

    /** The standard profile's stages with the same user counts and each duration divided by 20: 63 seconds. */
    public static final LoadProfile SMOKE = STANDARD.scaledDown("smoke", 20);

    private final String name;
    private final List<Stage> stages;

    public LoadProfile(String name, List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("Load profile " + name + " needs at least one stage");
        }
        this.name = name;
        this.stages = List.copyOf(stages);
    }

    /**
     * Returns the profile with the given name.
     *
     * @throws IllegalArgumentException if the name is neither {@code smoke} nor {@code standard}
     */
    public static LoadProfile named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "smoke" -> SMOKE;
            case "standard" -> STANDARD;
            default ->
                throw new IllegalArgumentException("Invalid load profile '" + name + "': expected smoke or standard");
        };
    }

    /** Returns a profile with the same user counts and every stage duration divided by {@code divisor}. */
    public LoadProfile scaledDown(String scaledName, int divisor) {
        List<Stage> scaled = stages.stream()
                .map(stage -> new Stage(
                        stage.fromUsers(), stage.toUsers(), stage.duration().dividedBy(divisor)))
                .toList();
        return new LoadProfile(scaledName, scaled);
    }

    public String name() {
        return name;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** Returns the Gatling injection steps, one per stage, for {@code ScenarioBuilder.injectClosed}. */
    public ClosedInjectionStep[] injectionSteps() {
        return stages.stream().map(Stage::injectionStep).toArray(ClosedInjectionStep[]::new);
    }

    /** Returns the sum of the stage durations. */
    public Duration duration() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Returns the peak stage: the hold stage with the most users, or the first such stage when several tie. */
    public Stage peakStage() {
        return stages.stream()
                .filter(Stage::isHold)
                .max(Comparator.comparingInt(Stage::toUsers))
                .orElseThrow(() -> new IllegalStateException("Load profile " + name + " has no hold stage"));
    }

    /** Returns the time from the start of the profile to the start of the peak stage. */
    public Duration peakStart() {
        Stage peak = peakStage();
        Duration start = Duration.ZERO;
        for (Stage stage : stages) {
            if (stage == peak) {
                return start;
            }
            start = start.plus(stage.duration());
        }
        throw new IllegalStateException("Peak stage not found in load profile " + name);
    }

    /** Returns the highest concurrency of any stage. */
    public int maxUsers() {
        return stages.stream()
                .mapToInt(stage -> Math.max(stage.fromUsers(), stage.toUsers()))
                .max()
                .orElse(0);
    }

    @Override
    public String toString() {
        return name + " (" + duration().toSeconds() + " s, up to " + maxUsers() + " concurrent users)";
    }
}
