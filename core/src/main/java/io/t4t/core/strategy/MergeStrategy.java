package io.t4t.core.strategy;

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
 * paradigm: delete matched keys + insert, or one MERGE.
 */
final class MergeStrategy implements Strategy {
  static final String STAGE = "t4t_delta";
  static final String LATEST = "t4t_delta_latest";

  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    IncrementalConfig inc = run.model().config().incremental().orElseThrow();
    List<String> keys = inc.uniqueKey();
    List<String> columns = run.target().columns();
    List<Step> steps = new ArrayList<>();
    if (d.rowChangeParadigm() == RowChangeParadigm.INSERT_ON_CONFLICT
        && inc.onDuplicateKeys() != DuplicateKeyPolicy.KEEP_LATEST) {
      return upsertInOneStatement(run, d, inc);
    }
    steps.add(new Step.Execute(d.createTempTableAs(STAGE, run.query()), false, null));
    String stage = STAGE;
    steps.add(Sql.nullKeyStep(d, d.tempTable(STAGE), run, inc));
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
    } else {
      steps.add(Sql.duplicateKeyStep(d, d.tempTable(STAGE), run, inc));
    }
    if (d.rowChangeParadigm() == RowChangeParadigm.INSERT_ON_CONFLICT) {
      for (String sql : d.ensureKeyIndex(run.table(), keys)) {
        steps.add(new Step.Execute(sql, false, null));
      }
      steps.add(
          new Step.Execute(
              d.upsertFromStage(run.table(), d.tempTable(stage), keys, columns),
              true,
              "Executed incremental merge"));
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
   * One statement, no staging: {@code WITH u AS (INSERT ... SELECT ... ON CONFLICT ... RETURNING
   * key, time) SELECT count(*), max(time), count of NULL keys FROM u}. A key twice in the delta
   * makes the engine refuse the statement (a row cannot be affected twice); the duplicate check
   * then runs only to name the keys. A NULL key is counted and fails the run before commit.
   */
  private static List<Step> upsertInOneStatement(ModelRun run, Dialect d, IncrementalConfig inc) {
    List<String> keys = inc.uniqueKey();
    List<Step> steps = new ArrayList<>();
    for (String sql : d.ensureKeyIndex(run.table(), keys)) {
      steps.add(new Step.Execute(sql, false, null));
    }
    String source = "(\n" + run.query() + "\n) AS t4t_delta";
    List<String> returning = new ArrayList<>();
    List<String> nullTests = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      returning.add(d.quote(keys.get(i)) + " AS t4t_k" + i);
      nullTests.add("t4t_k" + i + " IS NULL");
    }
    returning.add(d.quote(inc.timeColumn()) + " AS t4t_time");
    String sql =
        "WITH t4t_upserted AS (\n"
            + d.upsertFromStage(run.table(), source, keys, run.target().columns())
            + "\nRETURNING "
            + String.join(", ", returning)
            + "\n)\nSELECT count(*) AS rows_written, max(t4t_time) AS watermark, count(*) FILTER"
            + " (WHERE "
            + String.join(" OR ", nullTests)
            + ") AS null_keys FROM t4t_upserted";
    steps.add(
        new Step.ApplyAndMeasure(
            sql, Sql.nullKeyMessage(run, inc), List.of(Sql.duplicateKeyStep(d, source, run, inc))));
    return steps;
  }
}
