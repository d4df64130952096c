package io.t4t.core.plan;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.DuplicateKeyPolicy;
import io.t4t.core.project.Model;
import io.t4t.core.project.StartValue;
import io.t4t.core.sql.Condition;
import io.t4t.core.sql.SqlValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Makes the {@link ModelRun} a decision comes to: renders the model's query with the window for the
 * dialect and, where the engine needs them for a rebuild, asks the catalog for the query's columns.
 */
final class ModelRuns {
  private final Dialect dialect;
  private final Catalog catalog;
  private final Map<String, SqlValue> vars;
  private final UnaryOperator<List<String>> tables;

  /**
   * @param tables renames table references in model SQL for the engine (null: keep them)
   */
  ModelRuns(
      Dialect dialect,
      Catalog catalog,
      Map<String, SqlValue> vars,
      UnaryOperator<List<String>> tables) {
    this.dialect = dialect;
    this.catalog = catalog;
    this.vars = vars;
    this.tables = tables;
  }

  /**
   * A run that does something.
   *
   * @param previousWatermark the last processed value before the run (null: none)
   * @param rereads true when the window may hold rows an earlier run already loaded
   * @param deleteCondition delete_insert's rendered predicate (null: all rows)
   */
  ModelRun run(
      Model model,
      RunMode mode,
      String reason,
      List<Condition> window,
      TargetInfo target,
      String previousWatermark,
      boolean rereads,
      String deleteCondition) {
    String query = model.sql().render(window, vars, dialect, tables);
    TargetInfo shape = TargetInfo.NONE;
    boolean keepsLatest =
        model
            .config()
            .incremental()
            .map(i -> i.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST)
            .orElse(false);
    // an incremental load compares the query's columns with its table's (on_schema_change)
    if (mode == RunMode.INCREMENTAL
        || mode == RunMode.BACKFILL
        || (mode == RunMode.FULL || mode == RunMode.VIEW)
            && (!dialect.supports(Capability.CREATE_OR_REPLACE_TABLE)
                // keeping the latest row without a temp table names the query's columns
                || (mode == RunMode.FULL
                    && keepsLatest
                    && !dialect.supports(Capability.TEMP_TABLES)))) {
      try {
        shape = catalog.describeQuery(query);
      } catch (RuntimeException e) {
        // the run itself reports the query's error
      }
    }
    String resolved = null;
    if (model
        .config()
        .incremental()
        .map(i -> i.start() instanceof StartValue.Variable)
        .orElse(false)) {
      StartValue.Variable v = (StartValue.Variable) model.config().incremental().get().start();
      resolved = Variables.display(vars.get(v.name()));
    }
    return new ModelRun(
        model,
        mode,
        reason,
        window,
        query,
        Optional.ofNullable(deleteCondition),
        target,
        previousWatermark,
        startLabel(model),
        resolved,
        null,
        rereads,
        shape,
        null);
  }

  /** A run that fails the model with the refusal's reason, running nothing. */
  ModelRun refuse(Model model, TargetInfo target, PlanChecks.Refusal refusal) {
    return new ModelRun(
        model,
        RunMode.REFUSE,
        refusal.message(),
        List.of(),
        "",
        Optional.empty(),
        target,
        null,
        startLabel(model),
        null,
        refusal.code(),
        false,
        TargetInfo.NONE,
        null);
  }

  /** How the start value was chosen, for the seed's log line (e.g. "auto"). */
  private static String startLabel(Model model) {
    return model.config().incremental().map(i -> i.start().text()).orElse("auto");
  }
}
