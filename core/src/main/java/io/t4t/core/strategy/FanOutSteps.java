package io.t4t.core.strategy;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.RowChangeParadigm;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.DuplicateKeyPolicy;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.StrategyKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a fanned-out merge or delete_insert (after Trino's MERGE: the delta is
 * redistributed by a hash of the key so that each bucket has exactly one writer).
 *
 * <ol>
 *   <li>{@link #stage}: the whole delta goes into a stage table with its bucket number, and is
 *       checked as a whole (NULL keys; keys matching more than one row, unless the model keeps the
 *       latest row) before any bucket is applied.
 *   <li>{@link #applyBucket}: one sink applies the rows of one bucket, in the dialect's row-change
 *       paradigm. A target row's bucket is a function of its key, so buckets never touch each
 *       other's rows.
 * </ol>
 */
public final class FanOutSteps {
  /** The stage table's bucket column. */
  public static final String BUCKET_COLUMN = "t4t_bucket";

  private FanOutSteps() {}

  /** True when the run's strategy can be split into buckets. */
  public static boolean splittable(ModelRun run) {
    // a run that alters its table (on_schema_change) is not split: its ALTERs must commit with the
    // load and its ledger row, and a stage commits before any bucket
    return run.mode() == io.t4t.core.plan.RunMode.INCREMENTAL
        && (run.schema() == null || !run.schema().altersTable())
        && run.model()
            .config()
            .incremental()
            .map(
                i ->
                    i.strategy() == StrategyKind.MERGE
                        || i.strategy() == StrategyKind.DELETE_INSERT)
            .orElse(false);
  }

  /**
   * Everything a bucket sink needs, recorded with the stage so that no sink re-plans. Stored as
   * JSON in the stage registry ({@code io.t4t.core.execute.StageRegistry}): a change to these
   * components changes the stored layout and must raise its {@code VERSION}.
   *
   * @param stage the stage table
   * @param target the model's table
   * @param strategy merge or delete_insert
   * @param keys merge: the unique key; delete_insert: every column (the bucket hash)
   * @param columns the target's columns
   * @param keepLatest merge keeps the latest row per key
   * @param timeColumn the incremental time column
   * @param deleteCondition delete_insert: the rendered delete predicate (null: the window was
   *     empty)
   * @param buckets K
   */
  public record Staged(
      TableName stage,
      TableName target,
      StrategyKind strategy,
      List<String> keys,
      List<String> columns,
      boolean keepLatest,
      String timeColumn,
      String deleteCondition,
      int buckets) {
    public Staged {
      keys = List.copyOf(keys);
      columns = List.copyOf(columns);
    }
  }

  /** What a run stages into {@code stage} with {@code buckets} buckets. */
  public static Staged staged(ModelRun run, Dialect d, TableName stage, int buckets) {
    IncrementalConfig inc = run.model().config().incremental().orElseThrow();
    boolean merge = inc.strategy() == StrategyKind.MERGE;
    List<String> columns = run.columns();
    return new Staged(
        stage,
        run.table(),
        inc.strategy(),
        merge ? inc.uniqueKey() : columns,
        columns,
        merge && inc.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST,
        inc.timeColumn(),
        merge ? null : run.deleteCondition().orElse(Sql.windowOnTarget(run, d)),
        buckets);
  }

  /**
   * Stages the delta with its bucket numbers, checks it, and measures it: the last step returns the
   * delta's row count and the latest time value in it.
   */
  public static List<Step> stage(ModelRun run, Dialect d, Staged s) {
    IncrementalConfig inc = run.model().config().incremental().orElseThrow();
    String stage = d.table(s.stage());
    List<Step> steps = new ArrayList<>(SchemaSteps.before(run, d, List.of()));
    steps.add(
        new Step.Execute(
            d.createStageTableAs(
                s.stage(),
                "SELECT t4t_q.*, "
                    + d.bucketOf(s.keys(), s.buckets())
                    + " AS "
                    + BUCKET_COLUMN
                    + " FROM (\n"
                    + run.query()
                    + "\n) AS t4t_q"),
            false,
            null));
    if (s.strategy() == StrategyKind.MERGE) {
      String index = d.uniqueIndexCheck(s.stage(), s.keys());
      if (!s.keepLatest() && index == null) {
        // NULL and repeated keys in one pass over the stage, as a merge without fan-out
        steps.add(Sql.keyCheckStep(d, stage, run, inc));
      } else {
        steps.add(Sql.nullKeyStep(d, stage, run, inc));
        // keep_latest: ties at a key's latest time; else a key twice, which fails a unique index
        // build on the stage (only then does the grouping run, to name the keys)
        steps.add(
            s.keepLatest()
                ? Sql.latestTieStep(d, stage, run, inc)
                : new Step.Guarded(
                    new Step.Execute(index, false, null),
                    List.of(Sql.duplicateKeyStep(d, stage, run, inc))));
      }
      for (String sql : d.ensureKeyIndex(s.target(), s.keys())) {
        steps.add(new Step.Execute(sql, false, null));
      }
    }
    // the rows the buckets will write: one per key when keeping the latest row
    String rows =
        s.keepLatest()
            ? "count(DISTINCT "
                + (s.keys().size() == 1
                    ? d.quote(s.keys().get(0))
                    : "(" + d.columns(s.keys()) + ")")
                + ")"
            : "count(*)";
    steps.add(new Step.Measure(Sql.measure(d, rows, s.timeColumn(), stage, null)));
    return steps;
  }

  /**
   * True when the buckets' counted statements together write exactly the measured rows, so that
   * finishing can check nothing was lost (not for an upsert that can only skip: every column a
   * key).
   */
  public static boolean exactCount(Dialect d, Staged s) {
    if (s.strategy() == StrategyKind.MERGE
        && d.rowChangeParadigm() == RowChangeParadigm.INSERT_ON_CONFLICT) {
      List<String> keys = s.keys().stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList();
      return s.columns().stream()
          .anyMatch(c -> !keys.contains(c.toLowerCase(java.util.Locale.ROOT)));
    }
    return true;
  }

  /** The statements that apply bucket {@code bucket}; the counted one reports the rows written. */
  public static List<Step.Execute> applyBucket(Dialect d, Staged s, int bucket) {
    String rows =
        "SELECT "
            + d.columns(s.columns())
            + " FROM "
            + d.table(s.stage())
            + " WHERE "
            + d.quote(BUCKET_COLUMN)
            + " = "
            + bucket;
    if (s.strategy() == StrategyKind.DELETE_INSERT) {
      String inBucket = d.bucketOf(s.keys(), s.buckets()) + " = " + bucket;
      return List.of(
          new Step.Execute(
              d.deleteWhere(
                  s.target(),
                  s.deleteCondition() == null
                      ? inBucket
                      : "(" + s.deleteCondition() + ") AND " + inBucket),
              false,
              null),
          new Step.Execute(d.insertSelect(s.target(), s.columns(), rows), true, null));
    }
    if (s.keepLatest()) {
      rows = Sql.latestPerKey(d, rows, s.keys(), s.timeColumn(), s.columns());
    }
    if (d.rowChangeParadigm() == RowChangeParadigm.INSERT_ON_CONFLICT) {
      return List.of(
          new Step.Execute(
              d.upsertFromStage(
                  s.target(), "(\n" + rows + "\n) AS t4t_bucket_rows", s.keys(), s.columns()),
              true,
              null));
    }
    // delete matched keys + insert (MERGE engines take this path too: both are correct per bucket)
    StringBuilder on = new StringBuilder();
    for (String k : s.keys()) {
      if (on.length() > 0) {
        on.append(" AND ");
      }
      on.append(d.table(s.target())).append('.').append(d.quote(k)).append(" = t4t_keys.");
      on.append(d.quote(k));
    }
    String keys =
        "SELECT "
            + d.columns(s.keys())
            + " FROM "
            + d.table(s.stage())
            + " WHERE "
            + d.quote(BUCKET_COLUMN)
            + " = "
            + bucket;
    return List.of(
        new Step.Execute(
            "DELETE FROM " + d.table(s.target()) + " USING (" + keys + ") AS t4t_keys WHERE " + on,
            false,
            null),
        new Step.Execute(d.insertSelect(s.target(), s.columns(), rows), true, null));
  }
}
