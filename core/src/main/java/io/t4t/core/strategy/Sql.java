package io.t4t.core.strategy;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.sql.Condition;
import io.t4t.events.ErrorCode;
import java.util.List;

/** Small SQL fragments shared by strategies, spelled through the dialect. */
final class Sql {
  private Sql() {}

  /** The window conditions as a predicate on the target's own columns, or null for none. */
  static String windowOnTarget(ModelRun run, Dialect d) {
    List<Condition> w = run.window();
    if (w.isEmpty()) {
      return null;
    }
    return String.join(
        " AND ",
        w.stream()
            .map(c -> d.quote(c.column()) + " " + c.operator() + " " + c.boundSql())
            .toList());
  }

  /** {@code SELECT <rows> AS rows_written, max(time) AS watermark FROM <from> [WHERE ...]}. */
  static String measure(Dialect d, String rowsExpr, String timeColumn, String from, String where) {
    String watermark = timeColumn == null ? "NULL" : "max(" + d.quote(timeColumn) + ")";
    return "SELECT "
        + rowsExpr
        + " AS rows_written, "
        + watermark
        + " AS watermark FROM "
        + from
        + (where == null ? "" : " WHERE " + where);
  }

  /**
   * Counts the rows of {@code relation} (a table name or a parenthesised query) whose key {@code
   * target} holds already: the rows a merge will update.
   */
  static Step.Matched matched(
      Dialect d, String relation, io.t4t.core.dialect.TableName target, List<String> keys) {
    String on =
        String.join(
            " AND ",
            keys.stream().map(k -> "t4t_t." + d.quote(k) + " = t4t_s." + d.quote(k)).toList());
    return new Step.Matched(
        "SELECT count(*) FROM "
            + relation
            + " AS t4t_s WHERE EXISTS (SELECT 1 FROM "
            + d.table(target)
            + " AS t4t_t WHERE "
            + on
            + ")");
  }

  static String nullKeyCheck(Dialect d, String from, List<String> keys) {
    List<String> nulls = keys.stream().map(k -> d.quote(k) + " IS NULL").toList();
    return "SELECT "
        + d.columns(keys)
        + " FROM "
        + from
        + " WHERE "
        + String.join(" OR ", nulls)
        + " LIMIT 5";
  }

  static String duplicateKeyCheck(Dialect d, String from, List<String> keys) {
    String k = d.columns(keys);
    return "SELECT "
        + k
        + " FROM "
        + from
        + " GROUP BY "
        + k
        + " HAVING count(*) > 1 ORDER BY "
        + k
        + " LIMIT 5";
  }

  /**
   * The keys that are NULL or repeat in {@code from}, NULL keys first: both checks of a merge delta
   * in one statement.
   */
  static String keyCheck(Dialect d, String from, List<String> keys) {
    String k = d.columns(keys);
    String anyNull =
        String.join(" OR ", keys.stream().map(key -> d.quote(key) + " IS NULL").toList());
    return "SELECT "
        + k
        + " FROM "
        + from
        + " GROUP BY "
        + k
        + " HAVING count(*) > 1 OR "
        + anyNull
        + " ORDER BY CASE WHEN "
        + anyNull
        + " THEN 0 ELSE 1 END, "
        + k
        + " LIMIT 5";
  }

  /** Fails the run when the unique key is NULL or repeats in {@code from} (one statement). */
  static Step.KeyCheck keyCheckStep(Dialect d, String from, ModelRun run, IncrementalConfig inc) {
    return new Step.KeyCheck(
        keyCheck(d, from, inc.uniqueKey()),
        inc.uniqueKey().size(),
        nullKeyMessage(run, inc),
        duplicateMessage(run, inc));
  }

  /** The model's query as a derived table, for engines that check a delta without staging it. */
  static String derived(ModelRun run) {
    return "(\n" + run.query() + "\n) AS t4t_delta";
  }

  /**
   * Plans the model's query without reading a row: fails on a missing table or column, a type error
   * or a syntax error before a statement that cannot be rolled back.
   */
  static Step.Execute probe(ModelRun run) {
    return new Step.Execute("SELECT * FROM " + derived(run) + " LIMIT 0", false, null);
  }

  /** Keys where more than one row shares the latest time value (keep_latest cannot choose). */
  static String latestTieCheck(Dialect d, String from, List<String> keys, String time) {
    String k = d.columns(keys);
    return "SELECT "
        + k
        + " FROM (SELECT "
        + k
        + ", rank() OVER (PARTITION BY "
        + k
        + " ORDER BY "
        + d.quote(time)
        + " DESC NULLS LAST) AS t4t_rank FROM "
        + from
        + ") AS t4t_ranked WHERE t4t_rank = 1 GROUP BY "
        + k
        + " HAVING count(*) > 1 ORDER BY "
        + k
        + " LIMIT 5";
  }

  /** The delta query keeping only the latest row per key. */
  static String latestPerKey(
      Dialect d, String query, List<String> keys, String time, List<String> columns) {
    String k = d.columns(keys);
    return "SELECT "
        + d.columns(columns)
        + " FROM (SELECT *, row_number() OVER (PARTITION BY "
        + k
        + " ORDER BY "
        + d.quote(time)
        + " DESC NULLS LAST) AS t4t_row FROM (\n"
        + query
        + "\n) AS t4t_delta) AS t4t_numbered WHERE t4t_row = 1";
  }

  /**
   * The read-only checks a load starts with (key checks on the query, before its first write). On
   * an engine where each write commits by itself (Trino), a write that must precede the load (a
   * backfill's delete, a schema change's ALTERs) goes after these, so a batch the load would refuse
   * changes nothing; they read the query, never what the earlier writes change.
   */
  static List<Step> leadingChecks(List<Step> load) {
    List<Step> checks = new java.util.ArrayList<>();
    for (Step s : load) {
      if (!(s instanceof Step.FailIfAny) && !(s instanceof Step.KeyCheck)) {
        break;
      }
      checks.add(s);
    }
    return checks;
  }

  /** Fails the run when the unique key is NULL in {@code from}. */
  static Step.FailIfAny nullKeyStep(Dialect d, String from, ModelRun run, IncrementalConfig inc) {
    return new Step.FailIfAny(
        nullKeyCheck(d, from, inc.uniqueKey()), ErrorCode.NULL_KEYS, nullKeyMessage(run, inc));
  }

  /** Fails the run when a unique key occurs twice in {@code from}. */
  static Step.FailIfAny duplicateKeyStep(
      Dialect d, String from, ModelRun run, IncrementalConfig inc) {
    return new Step.FailIfAny(
        duplicateKeyCheck(d, from, inc.uniqueKey()),
        ErrorCode.DUPLICATE_KEYS,
        duplicateMessage(run, inc));
  }

  /** Fails the run when several rows share a key's latest time (keep_latest cannot choose). */
  static Step.FailIfAny latestTieStep(Dialect d, String from, ModelRun run, IncrementalConfig inc) {
    return new Step.FailIfAny(
        latestTieCheck(d, from, inc.uniqueKey(), inc.timeColumn()),
        ErrorCode.DUPLICATE_KEYS,
        tieMessage(run, inc));
  }

  static String duplicateMessage(ModelRun run, IncrementalConfig inc) {
    return "Cannot merge into "
        + run.name()
        + ": the delta has several rows for one unique key "
        + inc.uniqueKey()
        + " (MERGE_TARGET_ROW_MULTIPLE_MATCHES). Deduplicate the model's SQL, or set"
        + " on_duplicate_keys = \"keep_latest\" in its merge block to keep the row with the latest "
        + inc.timeColumn()
        + ". Duplicate keys";
  }

  static String nullKeyMessage(ModelRun run, IncrementalConfig inc) {
    return "Cannot merge into "
        + run.name()
        + ": the delta has rows whose unique key "
        + inc.uniqueKey()
        + " is NULL; filter them out in the model's SQL. Keys";
  }

  static String tieMessage(ModelRun run, IncrementalConfig inc) {
    return "Cannot merge into "
        + run.name()
        + " with on_duplicate_keys = \"keep_latest\": several rows share the latest "
        + inc.timeColumn()
        + " for one unique key "
        + inc.uniqueKey()
        + ", so none is the latest. Keys";
  }
}
