package io.t4t.core.execute;

import io.t4t.events.ErrorCode;
import java.time.LocalDateTime;

/**
 * One failed attempt at a model run, as {@code _t4t.run_failures} records it (decision 0014): the
 * other half of the run history, next to the ledger's applied runs.
 *
 * @param failedAt when the failure was recorded (UTC); null before {@link RunFailures} stamps it
 * @param runId the run the attempt belonged to
 * @param model {@code schema.name}
 * @param runKind {@code full}, {@code incremental}, {@code backfill} or {@code view}; null where
 *     not known (a model skipped before it was planned)
 * @param windowStart the window's lower bound as text (a backfill's start, an incremental load's
 *     previous watermark), or null
 * @param windowEnd a backfill's end, or null (an incremental load's end is measured as it loads)
 * @param outcome {@link #FAILED}, {@link #AUDIT_FAILED}, {@link #REFUSED} or {@link #SKIPPED}
 * @param errorCode the {@link ErrorCode}'s name
 * @param error the first line of the error message, at most {@link #MAX_ERROR} characters
 * @param durationMillis wall time from the attempt's start to its failure, or null
 */
public record RunFailure(
    LocalDateTime failedAt,
    String runId,
    String model,
    String runKind,
    String windowStart,
    String windowEnd,
    String outcome,
    String errorCode,
    String error,
    Long durationMillis) {

  public static final String FAILED = "failed";
  public static final String AUDIT_FAILED = "audit_failed";
  public static final String REFUSED = "refused";
  public static final String SKIPPED = "skipped";

  /** The longest error text kept: the first line, which names the model and what to do. */
  public static final int MAX_ERROR = 500;

  public RunFailure {
    error = error == null ? null : shortened(io.t4t.core.error.Messages.firstLine(error));
  }

  /** A failure with the outcome {@code code} implies, not yet stamped. */
  public static RunFailure of(
      String runId,
      String model,
      String runKind,
      String windowStart,
      String windowEnd,
      ErrorCode code,
      String message,
      Long durationMillis) {
    return new RunFailure(
        null,
        runId,
        model,
        runKind,
        windowStart,
        windowEnd,
        outcome(code),
        code.name(),
        message,
        durationMillis);
  }

  /** What a failure with {@code code} is called in the history. */
  public static String outcome(ErrorCode code) {
    return switch (code) {
      case AUDIT_FAILED -> AUDIT_FAILED;
      case SCHEMA_CHANGED, MATERIALIZATION_CHANGED -> REFUSED;
      case UPSTREAM_FAILED -> SKIPPED;
      default -> FAILED;
    };
  }

  /** This failure with another outcome. */
  RunFailure withOutcome(String outcome) {
    return new RunFailure(
        failedAt,
        runId,
        model,
        runKind,
        windowStart,
        windowEnd,
        outcome,
        errorCode,
        error,
        durationMillis);
  }

  /** This failure stamped {@code at}. */
  RunFailure at(LocalDateTime at) {
    return new RunFailure(
        at,
        runId,
        model,
        runKind,
        windowStart,
        windowEnd,
        outcome,
        errorCode,
        error,
        durationMillis);
  }

  private static String shortened(String line) {
    return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 3) + "...";
  }
}
