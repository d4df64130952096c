package io.t4t.core.execute;

import io.t4t.core.audit.TestResult;
import io.t4t.core.project.ModelName;
import io.t4t.events.ErrorCode;
import java.util.List;

/**
 * What happened to one model in a run.
 *
 * @param model the model
 * @param status succeeded, failed, skipped, or already applied (a redelivered run)
 * @param rowsWritten rows written by the run
 * @param entry the ledger entry committed with the data (null unless applied)
 * @param durationMillis wall time of the run
 * @param errorCode why it failed (null unless failed or skipped)
 * @param message the error message (null unless failed or skipped)
 * @param tests the model's data tests run on the batch before it was published (audits), in
 *     declaration order; a blocking failure is in {@code message} instead
 */
public record RunOutcome(
    ModelName model,
    Status status,
    long rowsWritten,
    LedgerEntry entry,
    long durationMillis,
    ErrorCode errorCode,
    String message,
    List<TestResult> tests) {

  public RunOutcome {
    tests = tests == null ? List.of() : List.copyOf(tests);
  }

  /** An outcome without audits. */
  public RunOutcome(
      ModelName model,
      Status status,
      long rowsWritten,
      LedgerEntry entry,
      long durationMillis,
      ErrorCode errorCode,
      String message) {
    this(model, status, rowsWritten, entry, durationMillis, errorCode, message, List.of());
  }

  public enum Status {
    SUCCEEDED,
    ALREADY_APPLIED,
    FAILED,
    SKIPPED
  }

  public boolean ok() {
    return status == Status.SUCCEEDED || status == Status.ALREADY_APPLIED;
  }

  /** A run found in the ledger: applied before (a redelivery), answered from its entry. */
  public static RunOutcome alreadyApplied(ModelName model, LedgerEntry entry) {
    return alreadyApplied(model, entry, 0);
  }

  /** As {@link #alreadyApplied(ModelName, LedgerEntry)}, found after {@code millis}. */
  public static RunOutcome alreadyApplied(ModelName model, LedgerEntry entry, long millis) {
    return new RunOutcome(
        model, Status.ALREADY_APPLIED, entry.rowsWritten(), entry, millis, null, null);
  }

  public static RunOutcome failed(ModelName model, ErrorCode code, String message, long millis) {
    return new RunOutcome(model, Status.FAILED, 0, null, millis, code, message);
  }

  public static RunOutcome skipped(ModelName model, String message) {
    return new RunOutcome(model, Status.SKIPPED, 0, null, 0, ErrorCode.UPSTREAM_FAILED, message);
  }
}
