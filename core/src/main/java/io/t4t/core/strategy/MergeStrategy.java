package io.t4t.core.strategy;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.RowChangeParadigm;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.DuplicateKeyPolicy;
import io.t4t.core.project.IncrementalConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Upserts the window's rows on the unique key. The delta is staged once, checked (no NULL keys; no
 * key twice, unless the model keeps the latest row), then applied in the dialect's row-change
 * paradigm: delete matched keys + insert, one MERGE, or INSERT ... ON CONFLICT (which itself
 * refuses a key twice, so the duplicate check only runs to explain that refusal).
 */
final class MergeStrategy implements Strategy {
  static final String STAGE = "t4t_delta";
  static final String LATEST = "t4t_delta_latest";

  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    IncrementalConfig inc = run.model().config().incremental().orElseThrow();
    if (!d.supports(Capability.TEMP_TABLES)) {
      return unstaged(run, d, inc);
    }
    List<String> keys = inc.uniqueKey();
    List<String> columns = run.columns();
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Execute(d.createTempTableAs(STAGE, run.query()), false, null));
    String stage = STAGE;
    boolean checksDuplicates =
        inc.onDuplicateKeys() != DuplicateKeyPolicy.KEEP_LATEST
            && (d.rowChangeParadigm() != RowChangeParadigm.INSERT_ON_CONFLICT
                // (an upsert with nothing to update is DO NOTHING, which would not refuse a key
                // twice)
                || columns.stream().allMatch(c -> keys.stream().anyMatch(c::equalsIgnoreCase)));
    // NULL and repeated keys in one pass over the stage where both are checked
    steps.add(
        checksDuplicates
            ? Sql.keyCheckStep(d, d.tempTable(STAGE), run, inc)
            : Sql.nullKeyStep(d, d.tempTable(STAGE), run, inc));
    if (inc.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST) {
      steps.add(Sql.latestTieStep(d, d.tempTable(STAGE), run, inc));
      steps.add(
          new Step.Execute(
              d.createTempTableAs(
                  LATEST,
                  Sql.latestPerKey(
                      d, "SELECT * FROM " + d.tempTable(STAGE), keys, inc.timeColumn(), columns)),
              false,
              null));
      stage = LATEST;
    }
    // counted before the write: the engines report one count for inserted and updated rows (an
    // upsert with nothing to update is DO NOTHING, whose count is the inserted rows alone)
    boolean updatesNothing =
        d.rowChangeParadigm() == RowChangeParadigm.INSERT_ON_CONFLICT
            && columns.stream().allMatch(c -> keys.stream().anyMatch(c::equalsIgnoreCase));
    if (!updatesNothing) {
      steps.add(Sql.matched(d, d.tempTable(stage), run.table(), keys));
    }
    if (d.rowChangeParadigm() == RowChangeParadigm.INSERT_ON_CONFLICT) {
      for (String sql : d.ensureKeyIndex(run.table(), keys)) {
        steps.add(new Step.Execute(sql, false, null));
      }
      // the engine refuses to affect a row twice: the duplicate check runs only to name the keys
      Step.Execute upsert =
          new Step.Execute(
              d.upsertFromStage(run.table(), d.tempTable(stage), keys, columns),
              true,
              "Executed incremental merge");
      steps.add(
          stage.equals(STAGE)
              ? new Step.Guarded(
                  upsert, List.of(Sql.duplicateKeyStep(d, d.tempTable(STAGE), run, inc)))
              : upsert);
    } else if (d.rowChangeParadigm() == RowChangeParadigm.MERGE_STATEMENT) {
      steps.add(
          new Step.Execute(
              d.mergeFromStage(run.table(), stage, keys, columns),
              true,
              "Executed incremental merge"));
    } else {
      steps.add(new Step.Execute(d.deleteMatchingKeys(run.table(), stage, keys), false, null));
      steps.add(
          new Step.Execute(
              d.insertSelect(run.table(), columns, "SELECT * FROM " + d.tempTable(stage)),
              true,
              "Executed incremental merge"));
    }
    steps.add(new Step.Measure(Sql.measure(d, "NULL", inc.timeColumn(), d.tempTable(stage), null)));
    steps.add(new Step.Execute(d.dropTempTable(STAGE), false, null));
    if (!stage.equals(STAGE)) {
      steps.add(new Step.Execute(d.dropTempTable(LATEST), false, null));
    }
    return steps;
  }

  /**
   * Without temp tables (Trino): the keys are checked on the query, then one MERGE reads it again
   * and commits atomically; the watermark is measured on the target's window, which only t4t
   * writes. Four statements (the fourth counts the keys the target holds, which the MERGE will
   * update), none staging the delta.
   */
  private static List<Step> unstaged(ModelRun run, Dialect d, IncrementalConfig inc) {
    List<String> keys = inc.uniqueKey();
    List<String> columns = run.columns();
    List<Step> steps = new ArrayList<>();
    String source;
    if (inc.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST) {
      steps.add(Sql.nullKeyStep(d, Sql.derived(run), run, inc));
      steps.add(Sql.latestTieStep(d, Sql.derived(run), run, inc));
      source = "(\n" + Sql.latestPerKey(d, run.query(), keys, inc.timeColumn(), columns) + "\n)";
    } else {
      steps.add(Sql.keyCheckStep(d, Sql.derived(run), run, inc));
      source = "(\n" + run.query() + "\n)";
    }
    steps.add(Sql.matched(d, source, run.table(), keys));
    Step.Execute merge =
        new Step.Execute(
            d.mergeFrom(run.table(), source, keys, columns), true, "Executed incremental merge");
    // if the source changed between the check and the MERGE, the engine's refusal of a key
    // matched twice is still reported in t4t's words, naming the keys (keep_latest merges one row
    // per key, so repeated keys in its query explain nothing)
    steps.add(
        inc.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST
            ? merge
            : new Step.Guarded(
                merge, List.of(Sql.duplicateKeyStep(d, Sql.derived(run), run, inc))));
    steps.add(
        new Step.Measure(
            Sql.measure(
                d, "NULL", inc.timeColumn(), d.table(run.table()), Sql.windowOnTarget(run, d))));
    return steps;
  }
}
