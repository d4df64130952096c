package io.t4t.core.plan;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.Model;
import io.t4t.core.project.OnSchemaChange;
import io.t4t.events.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What an incremental run does when its query's columns differ from its table's, by the model's
 * {@code on_schema_change} (docs/schema-changes.md): refuse, load the shared columns, alter the
 * table first, or rebuild it. A destructive change (a dropped column, a changed type) happens only
 * under {@code sync_all_columns} or {@code full_refresh}, and is logged and shown by {@code t4t
 * plan}.
 */
final class SchemaChecks {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  /**
   * What the run becomes.
   *
   * @param refusal why it is refused (null: it is not)
   * @param rebuild why it is rebuilt in full instead (null: it is not)
   * @param change the difference and what the incremental load applies (null with a refusal)
   */
  record Decision(PlanChecks.Refusal refusal, String rebuild, SchemaChange change) {}

  private final Dialect dialect;

  SchemaChecks(Dialect dialect) {
    this.dialect = dialect;
  }

  Decision decide(
      Model model,
      IncrementalConfig inc,
      OnSchemaChange mode,
      TargetInfo target,
      TargetInfo query) {
    SchemaChange diff = SchemaChange.between(mode, target, query);
    if (diff.none()) {
      return new Decision(null, null, diff);
    }
    String what = diff.describe();
    String setting = "on_schema_change = " + mode.wireName();
    if (mode == OnSchemaChange.FULL_REFRESH) {
      return new Decision(null, "schema changed (" + what + "); " + setting, diff);
    }
    List<String> needed = new ArrayList<>(inc.uniqueKey());
    needed.add(inc.timeColumn());
    for (SchemaChange.Column c : diff.removed()) {
      if (needed.stream().anyMatch(c.name()::equalsIgnoreCase)) {
        return new Decision(
            refusal(
                model,
                what,
                "its query no longer returns '"
                    + c.name()
                    + "', which the incremental load needs (time column or unique key); restore"
                    + " the column, or set on_schema_change = \"full_refresh\" or run with"
                    + " --full-refresh"),
            null,
            null);
      }
    }
    switch (mode) {
      case FAIL:
        return new Decision(
            refusal(
                model,
                what,
                "on_schema_change is \"fail\". Set on_schema_change in the model's metadata (or"
                    + " [flags] on_schema_change in project.toml) to \"append_new_columns\","
                    + " \"sync_all_columns\", \"full_refresh\" or \"ignore\" (docs/schema-changes.md),"
                    + " or run with --full-refresh"),
            null,
            null);
      case IGNORE:
        LOG.warning(
            "Schema of " + model.name() + " changed (" + what + "); ignored (" + setting + ")");
        return new Decision(null, null, diff);
      case APPEND_NEW_COLUMNS:
        if (!diff.retyped().isEmpty()) {
          return new Decision(
              refusal(
                  model,
                  what,
                  "append_new_columns adds columns but never changes a column's type; set"
                      + " on_schema_change = \"sync_all_columns\" or \"full_refresh\", or cast the"
                      + " column back in the model's SQL"),
              null,
              null);
        }
        return new Decision(null, null, diff.applying(diff.added(), List.of(), List.of()));
      case SYNC_ALL_COLUMNS:
        for (SchemaChange.Retyped r : diff.retyped()) {
          if (!dialect.supports(Capability.CHANGES_COLUMN_TYPES)
              && !dialect.widensInPlace(r.from(), r.to())) {
            return new Decision(
                null,
                "schema changed ("
                    + what
                    + "); "
                    + dialect.name()
                    + " cannot change column "
                    + r
                    + " in place, so the table is rebuilt with the atomic build-and-swap ("
                    + setting
                    + ")",
                diff);
          }
        }
        if (!diff.removed().isEmpty() || !diff.retyped().isEmpty()) {
          LOG.warning(
              "Schema of "
                  + model.name()
                  + " changed ("
                  + what
                  + "); dropping and retyping columns to match its query ("
                  + setting
                  + ")");
        }
        return new Decision(
            null, null, diff.applying(diff.added(), diff.retyped(), diff.removed()));
      default:
        throw new IllegalStateException(mode.toString());
    }
  }

  private static PlanChecks.Refusal refusal(Model model, String what, String todo) {
    return new PlanChecks.Refusal(
        ErrorCode.SCHEMA_CHANGED,
        "Cannot load "
            + model.name()
            + " incrementally: its query's columns differ from its table's ("
            + what
            + "), and "
            + todo);
  }

  /** The plan's reason for an incremental run that handles a schema change. */
  static String reason(SchemaChange change, String windowReason) {
    if (change == null || change.none()) {
      return windowReason;
    }
    List<String> actions = new ArrayList<>();
    change.add().forEach(c -> actions.add("add column " + c));
    change.alter().forEach(c -> actions.add("change column " + c));
    change.drop().forEach(c -> actions.add("drop column " + c));
    String does =
        actions.isEmpty()
            ? "load the shared columns only"
            : String.join(", ", actions) + " before loading";
    return "schema changed ("
        + change.describe()
        + "): "
        + does
        + " (on_schema_change = "
        + change.mode().wireName()
        + "); "
        + windowReason;
  }
}
