package io.t4t.core.plan;

import io.t4t.core.dialect.TableName;
import io.t4t.core.project.Materialization;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.sql.Condition;
import java.util.List;
import java.util.Optional;

/**
 * One planned model run: everything the executor needs, rendered for the target dialect. Plain
 * data, so it can travel in a command message.
 *
 * @param model the model
 * @param mode full, incremental, view, or refuse
 * @param reason why this mode, for logs and {@code t4t plan}
 * @param window the delta's conditions on the time column (empty: everything)
 * @param query the model's SELECT with variables rendered and the window injected
 * @param deleteCondition delete_insert only: the rendered delete predicate (empty: all rows)
 * @param target what the warehouse holds now
 * @param previousWatermark the last processed value before this run (null: none)
 * @param startLabel how the start value was chosen, for the seed's log line (e.g. "auto")
 * @param resolvedStart the value a {@code @variable} start resolved to, for the log, or null
 * @param refusal why a {@link RunMode#REFUSE} run fails (null otherwise)
 * @param rereadsLoadedRows true when the window may hold rows an earlier run already loaded
 *     (lookback, an explicit start, or no bound): append then skips rows already in the target
 * @param queryShape the columns and types the query returns, for rebuilds and views on engines
 *     without {@code CREATE OR REPLACE TABLE}, and for incremental loads (NONE: not asked)
 * @param schema an incremental load's schema change and what it applies (null: none known)
 */
public record ModelRun(
    Model model,
    RunMode mode,
    String reason,
    List<Condition> window,
    String query,
    Optional<String> deleteCondition,
    TargetInfo target,
    String previousWatermark,
    String startLabel,
    String resolvedStart,
    io.t4t.events.ErrorCode refusal,
    boolean rereadsLoadedRows,
    TargetInfo queryShape,
    SchemaChange schema) {

  public ModelRun {
    window = List.copyOf(window);
  }

  /**
   * The columns an incremental load writes: the table's, or, where the query's shape is known, the
   * ones the table and query share plus the ones the run adds.
   */
  public List<String> columns() {
    return schema == null ? target.columns() : schema.writeColumns();
  }

  /** This full run, rebuilding the table for the schema change {@code change}. */
  ModelRun rebuildingFor(SchemaChange change) {
    return new ModelRun(
        model,
        mode,
        reason,
        window,
        query,
        deleteCondition,
        target,
        previousWatermark,
        startLabel,
        resolvedStart,
        refusal,
        rereadsLoadedRows,
        queryShape,
        change);
  }

  /** This run, handling {@code change} (its reason then names the change). */
  /** This run reading {@code query} instead (a strategy narrowing what it loads). */
  public ModelRun withQuery(String query) {
    return new ModelRun(
        model,
        mode,
        reason,
        window,
        query,
        deleteCondition,
        target,
        previousWatermark,
        startLabel,
        resolvedStart,
        refusal,
        rereadsLoadedRows,
        queryShape,
        schema);
  }

  ModelRun withSchema(SchemaChange change) {
    return new ModelRun(
        model,
        mode,
        SchemaChecks.reason(change, reason),
        window,
        query,
        deleteCondition,
        target,
        previousWatermark,
        startLabel,
        resolvedStart,
        refusal,
        rereadsLoadedRows,
        queryShape,
        change);
  }

  /** True when the query returns exactly the columns and types the existing target has. */
  public boolean sameShapeAsTarget() {
    return queryShape.kind() != TargetInfo.Kind.NONE
        && target.kind() != TargetInfo.Kind.NONE
        && queryShape.columns().equals(target.columns())
        && queryShape.types().equals(target.types());
  }

  public ModelName name() {
    return model.name();
  }

  public TableName table() {
    return TableName.of(model.name());
  }

  public Materialization materialization() {
    return model.config().materialization();
  }

  /** A readable description of the window, e.g. {@code updated_at > ...}. */
  public String windowText() {
    if (window.isEmpty()) {
      return "all rows";
    }
    return String.join(
        " AND ",
        window.stream().map(c -> c.column() + " " + c.operator() + " " + c.boundSql()).toList());
  }
}
