package io.t4t.core.coordinate;

import io.t4t.events.ErrorCode;
import io.t4t.events.ModelCompleted;
import io.t4t.events.TestOutcome;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One model's progress in one run.
 *
 * @param status where it stands
 * @param attempt the attempt commanded last (1 for the first)
 * @param replans how often it was planned again after a stale plan ({@code STALE_PLAN})
 * @param message why it failed or was skipped (null otherwise), or a note while running
 * @param error the error code of a failed or skipped model (null otherwise)
 * @param buckets the collector's count when the attempt fanned out (null otherwise); kept after the
 *     model finished, for the console
 * @param result what the model's completion reported, once it succeeded (null otherwise, and in
 *     records from before it was kept)
 */
public record ModelProgress(
    Status status,
    int attempt,
    int replans,
    String message,
    ErrorCode error,
    Buckets buckets,
    Result result) {

  static ModelProgress pending() {
    return new ModelProgress(Status.PENDING, 0, 0, null, null, null, null);
  }

  ModelProgress with(Status s, String m, ErrorCode code) {
    return new ModelProgress(s, attempt, replans, m, code, buckets, result);
  }

  /** A new attempt: it starts without buckets and without a result. */
  ModelProgress attempt(int a) {
    return new ModelProgress(status, a, replans, message, error, null, null);
  }

  ModelProgress replanned() {
    return new ModelProgress(status, attempt, replans + 1, message, error, buckets, result);
  }

  ModelProgress withBuckets(Buckets b, String note) {
    return new ModelProgress(status, attempt, replans, note, error, b, result);
  }

  ModelProgress withResult(Result r) {
    return new ModelProgress(status, attempt, replans, message, error, buckets, r);
  }

  /**
   * What a model's {@code model_completed} reported, for a run's page and {@code GET /runs/{id}}.
   *
   * @param rows rows the run wrote
   * @param inserted rows inserted, or null (not counted)
   * @param updated rows a merge updated, or null
   * @param deleted rows deleted, or null
   * @param durationMillis wall time of the run
   * @param runKind full, incremental, backfill or view; null when the executor did not say
   * @param ledgerSeq the run's ledger sequence number
   * @param tests the data tests run on the batch before it was published (empty when none)
   */
  public record Result(
      long rows,
      Long inserted,
      Long updated,
      Long deleted,
      long durationMillis,
      String runKind,
      long ledgerSeq,
      List<TestOutcome> tests) {
    public Result {
      tests = tests == null ? List.of() : List.copyOf(tests);
    }

    static Result of(ModelCompleted c) {
      return new Result(
          c.rows(),
          c.rowsInserted(),
          c.rowsUpdated(),
          c.rowsDeleted(),
          c.durationMillis(),
          c.runKind(),
          c.ledgerSeq(),
          c.tests());
    }
  }

  /**
   * The collector's view of a fanned-out run: how many buckets, which are applied and the rows each
   * wrote, the attempts of retried buckets, why a bucket's last attempt failed, and whether the
   * finalize was sent.
   *
   * @param rows rows written, by applied bucket (empty in records from before it was kept)
   * @param failed the message of each bucket whose last attempt failed (a bucket applied later is
   *     not here)
   */
  public record Buckets(
      int count,
      Set<Integer> applied,
      Map<Integer, Integer> attempts,
      boolean finishing,
      Map<Integer, Long> rows,
      Map<Integer, String> failed) {
    public Buckets {
      applied = Collections.unmodifiableSet(new TreeSet<>(applied == null ? Set.of() : applied));
      attempts = Collections.unmodifiableMap(new TreeMap<>(attempts == null ? Map.of() : attempts));
      rows = Collections.unmodifiableMap(new TreeMap<>(rows == null ? Map.of() : rows));
      failed = Collections.unmodifiableMap(new TreeMap<>(failed == null ? Map.of() : failed));
    }

    static Buckets of(int count) {
      return new Buckets(count, Set.of(), Map.of(), false, Map.of(), Map.of());
    }

    /** With {@code bucket} applied, having written {@code written} rows. */
    Buckets apply(int bucket, long written) {
      Set<Integer> a = new TreeSet<>(applied);
      a.add(bucket);
      Map<Integer, Long> r = new TreeMap<>(rows);
      r.put(bucket, written);
      Map<Integer, String> f = new TreeMap<>(failed);
      f.remove(bucket);
      return new Buckets(count, a, attempts, finishing, r, f);
    }

    Buckets attempt(int bucket, int attempt) {
      Map<Integer, Integer> a = new TreeMap<>(attempts);
      a.put(bucket, attempt);
      return new Buckets(count, applied, a, finishing, rows, failed);
    }

    /** With {@code bucket}'s last attempt failed, saying {@code message}. */
    Buckets fail(int bucket, String message) {
      Map<Integer, String> f = new TreeMap<>(failed);
      f.put(bucket, message == null ? "" : message);
      return new Buckets(count, applied, attempts, finishing, rows, f);
    }

    Buckets markFinishing() {
      return new Buckets(count, applied, attempts, true, rows, failed);
    }
  }
}
