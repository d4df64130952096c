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
    SchemaChange diff = SchemaChange.between(mode, target, query, dialect);
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
        String cannot = unwritable(diff);
        if (cannot != null) {
          return new Decision(
              refusal(
                  model,
                  what,
                  cannot
                      + "; set on_schema_change = \"full_refresh\" or run with --full-refresh to"
                      + " rebuild the table, or cast the column to a plain type in the model's SQL"),
              null,
              null);
        }
        return new Decision(null, null, diff.applying(added(diff), List.of(), List.of()));
      case SYNC_ALL_COLUMNS:
        for (SchemaChange.Retyped r : diff.retyped()) {
          if (needed.stream().anyMatch(r.name()::equalsIgnoreCase)) {
            // the window's bounds and the watermark are typed as the table's column is now,
            // and loaded rows are matched on the key as it is: retyping either in the run would
            // compare values of the new type with those of the old one
            return new Decision(
                refusal(
                    model,
                    what,
                    "column '"
                        + r.name()
                        + (r.name().equalsIgnoreCase(inc.timeColumn())
                            ? "' is the time column, whose type the incremental window is"
                                + " computed with"
                            : "' is part of the unique key, whose type loaded rows are matched"
                                + " with")
                        + ": changing it needs a full refresh; run with --full-refresh or set"
                        + " on_schema_change = \"full_refresh\""),
                null,
                null);
          }
        }
        String cannotWrite = unwritable(diff);
        if (cannotWrite != null) {
          return new Decision(null, rebuildReason(what, cannotWrite, setting), diff);
        }
        for (SchemaChange.Retyped r : diff.retyped()) {
          if (!dialect.supports(Capability.CHANGES_COLUMN_TYPES)
              && !dialect.widensInPlace(r.from(), r.to())) {
            return new Decision(
                null,
                rebuildReason(
                    what, dialect.name() + " cannot change column " + r + " in place", setting),
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
        return new Decision(null, null, diff.applying(added(diff), retyped(diff), diff.removed()));
      default:
        throw new IllegalStateException(mode.toString());
    }
  }

  private static String rebuildReason(String what, String cannot, String setting) {
    return "schema changed ("
        + what
        + "); "
        + cannot
        + ", so the table is rebuilt with the atomic build-and-swap ("
        + setting
        + ")";
  }

  /**
   * Why a column the run would add or retype cannot be written in ALTER TABLE (its type as the
   * engine reported it has no spelling there, {@link Dialect#ddlType}), or null.
   */
  private String unwritable(SchemaChange diff) {
    List<SchemaChange.Column> targets = new ArrayList<>(diff.added());
    diff.retyped().forEach(r -> targets.add(new SchemaChange.Column(r.name(), r.to())));
    for (SchemaChange.Column c : targets) {
      if (dialect.ddlType(c.type()).isEmpty()) {
        return dialect.name()
            + " cannot write column "
            + c
            + " in ALTER TABLE (the engine names the type only partly, or it is a type of its"
            + " own)";
      }
    }
    return null;
  }

  /** The added columns with their types as ALTER TABLE writes them. */
  private List<SchemaChange.Column> added(SchemaChange diff) {
    return diff.added().stream()
        .map(c -> new SchemaChange.Column(c.name(), dialect.ddlType(c.type()).orElseThrow()))
        .toList();
  }

  /** The retyped columns with their new types as ALTER TABLE writes them. */
  private List<SchemaChange.Retyped> retyped(SchemaChange diff) {
    return diff.retyped().stream()
        .map(
            r ->
                new SchemaChange.Retyped(r.name(), r.from(), dialect.ddlType(r.to()).orElseThrow()))
        .toList();
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
