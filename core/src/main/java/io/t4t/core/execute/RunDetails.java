package io.t4t.core.execute;

import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.sql.Condition;
import io.t4t.core.sql.SqlValue;
import io.t4t.events.ErrorCode;

/**
 * The run detail a ledger row records for {@code t4t runs}: kind, window, row counts, duration; and
 * what a failed run's record says of the same.
 */
final class RunDetails {
  private RunDetails() {}

  /**
   * The detail of {@code run}, which reported {@code result}.
   *
   * <p>The window: a backfill's {@code [start, end)}; an incremental load's (previous watermark,
   * new watermark]; none for a rebuild or a view. Rows: a rebuild or an append inserts what it
   * wrote; a merge's written rows split into updated (keys the target held) and inserted; deletes
   * are what delete_insert and a backfill removed. A rebuild's replaced rows are not counted.
   */
  static LedgerEntry.RunDetail of(
      ModelRun run, StepRunner.Result result, String watermark, long millis) {
    String[] window = window(run, watermark);
    return new LedgerEntry.RunDetail(
        kind(run.mode()),
        window[0],
        window[1],
        result.inserted(),
        result.updated(),
        run.mode() == RunMode.FULL || run.mode() == RunMode.VIEW ? null : result.deleted(),
        millis);
  }

  /**
   * The failure record of {@code run}, attempted as part of {@code runId}: its kind and window as
   * far as they are known before anything loaded (an incremental load's end is not), and as a
   * refused run's kind the load it refused.
   */
  static RunFailure failure(
      ModelRun run, String runId, ErrorCode code, String message, long millis) {
    String[] window = window(run, null);
    boolean refused = run.mode() == RunMode.REFUSE;
    String kind =
        !refused
            ? kind(run.mode())
            : run.model().config().incremental().isPresent()
                ? LedgerEntry.RunDetail.INCREMENTAL
                : LedgerEntry.RunDetail.FULL;
    RunFailure f =
        RunFailure.of(
            runId, run.name().toString(), kind, window[0], window[1], code, message, millis);
    return refused ? f.withOutcome(RunFailure.REFUSED) : f;
  }

  /**
   * The window as {start, end}: a backfill's {@code [start, end)}; an incremental load's (previous
   * watermark, {@code watermark}]; none for a rebuild or a view.
   */
  private static String[] window(ModelRun run, String watermark) {
    String start = null;
    String end = null;
    if (run.mode() == RunMode.BACKFILL) {
      for (Condition c : run.window()) {
        String text = c.bound() instanceof SqlValue.Typed t ? t.text() : c.boundSql();
        if (c.operator().equals(">=")) {
          start = text;
        } else if (c.operator().equals("<")) {
          end = text;
        }
      }
    } else if (run.mode() == RunMode.INCREMENTAL) {
      start = run.previousWatermark();
      end = watermark;
    }
    return new String[] {start, end};
  }

  static String kind(RunMode mode) {
    return switch (mode) {
      case FULL -> LedgerEntry.RunDetail.FULL;
      case INCREMENTAL -> LedgerEntry.RunDetail.INCREMENTAL;
      case BACKFILL -> LedgerEntry.RunDetail.BACKFILL;
      case VIEW -> LedgerEntry.RunDetail.VIEW;
      case REFUSE -> null;
    };
  }
}
