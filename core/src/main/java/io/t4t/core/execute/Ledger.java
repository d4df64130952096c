package io.t4t.core.execute;

import io.t4t.core.dialect.TableName;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run ledger in the target database, table {@code _t4t.ledger}. Written in the same transaction
 * as a model's data, it is the commit record the state store is reconciled from.
 *
 * <p>Longer than most files on purpose: the ledger's layout, its migration from older layouts and
 * every statement that reads or writes it stay in one class, so a layout change is made in one
 * place.
 */
public final class Ledger {
  public static final TableName TABLE = new TableName("_t4t", "ledger");

  private final Warehouse warehouse;

  public Ledger(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  private String table() {
    return warehouse.dialect().table(TABLE);
  }

  /** The advisory lock key serialising ledger writers on engines with concurrent writers. */
  static final long LOCK_KEY = 0x7434_7400L;

  /**
   * Creates the ledger if it is missing (outside any model transaction). Sessions racing to create
   * it on a shared engine are fine: the loser finds it there.
   */
  public void ensure() throws SQLException {
    List<String> columns = columns();
    if (columns.isEmpty()) {
      try {
        create();
        return;
      } catch (SQLException e) {
        columns = columns();
        if (columns.isEmpty()) {
          throw e;
        }
      }
    }
    migrate(columns);
  }

  /**
   * The columns the ledger gained after its first version, with their standard types: run detail
   * for {@code t4t runs} (decision 0012). A ledger without them is altered when it is opened.
   */
  static final List<String[]> DETAIL_COLUMNS =
      List.of(
          new String[] {"run_kind", "VARCHAR"},
          new String[] {"window_start", "VARCHAR"},
          new String[] {"window_end", "VARCHAR"},
          new String[] {"rows_inserted", "BIGINT"},
          new String[] {"rows_updated", "BIGINT"},
          new String[] {"rows_deleted", "BIGINT"},
          new String[] {"duration_ms", "BIGINT"});

  private List<String> columns() {
    return warehouse
        .describe(TABLE, io.t4t.core.plan.TargetInfo.Kind.TABLE, false)
        .columns()
        .stream()
        .map(c -> c.toLowerCase(java.util.Locale.ROOT))
        .toList();
  }

  /**
   * Adds the columns an older ledger lacks (nullable: its rows read as "not recorded"). {@code
   * ALTER TABLE ... ADD COLUMN} is spelled alike by DuckDB, PostgreSQL and Trino's Iceberg; names
   * and types go through the dialect. A session racing to add the same column loses harmlessly. A
   * user who may not alter the ledger (on PostgreSQL only its owner may) is told what to run.
   */
  private void migrate(List<String> existing) throws SQLException {
    List<String[]> missing = DETAIL_COLUMNS.stream().filter(c -> !existing.contains(c[0])).toList();
    for (int i = 0; i < missing.size(); i++) {
      try {
        warehouse.execute(addColumn(missing.get(i)));
      } catch (SQLException e) {
        if (!columns().contains(missing.get(i)[0])) {
          throw cannotMigrate(missing.subList(i, missing.size()), e);
        }
      }
    }
  }

  private String addColumn(String[] column) {
    return "ALTER TABLE "
        + table()
        + " ADD COLUMN "
        + warehouse.dialect().quote(column[0])
        + " "
        + warehouse.dialect().columnType(column[1]);
  }

  private static List<String> detailColumns() {
    return DETAIL_COLUMNS.stream().map(c -> c[0]).toList();
  }

  private InvalidInputException cannotMigrate(List<String[]> columns, SQLException e) {
    return new InvalidInputException(
        "Cannot add the run-detail columns to "
            + TABLE
            + " ("
            + Messages.firstLine(e.getMessage())
            + "): this version of t4t records each run's kind, window, row counts and duration"
            + " there. Run t4t once as the ledger's owner, or run these statements yourself: "
            + String.join("; ", columns.stream().map(this::addColumn).toList()),
        e);
  }

  private void create() throws SQLException {
    warehouse.execute(warehouse.dialect().createSchemaIfNotExists(TABLE.schema()));
    warehouse.execute(
        "CREATE TABLE IF NOT EXISTS "
            + table()
            + " (seq BIGINT NOT NULL, run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL,"
            + " kind VARCHAR NOT NULL, materialization VARCHAR, strategy VARCHAR, sql_hash VARCHAR,"
            + " config_hash VARCHAR, last_processed_value VARCHAR, rows_written BIGINT,"
            + " applied_at "
            + warehouse.dialect().columnType("TIMESTAMP")
            + " NOT NULL)");
    migrate(columns());
  }

  /**
   * The position to append at, read under a lock held to the end of the caller's transaction where
   * several sessions write the ledger at once: the sequence number cannot be taken twice, and a run
   * a concurrent session applied meanwhile shows as applied.
   */
  public Position lockedPosition(String runId, String model) throws SQLException {
    return lockedPosition(runId, model, null);
  }

  /**
   * As {@link #lockedPosition(String, String)}; where the engine has no lock to take, {@code
   * earlier} (a position read before in the same run, or null) is returned without reading again.
   */
  public Position lockedPosition(String runId, String model, Position earlier) throws SQLException {
    String lock = warehouse.dialect().advisoryLock(LOCK_KEY);
    if (lock != null) {
      warehouse.query(lock);
    } else if (earlier != null) {
      return earlier;
    }
    return position(runId, model);
  }

  /** True when the ledger table exists (a read-only warehouse may not have one yet). */
  public boolean exists() {
    return warehouse.exists(TABLE);
  }

  /**
   * Where a run would go: the next sequence number and, if the run was already applied for the
   * model, its entry. One read, inside the caller's transaction.
   */
  public Position position(String runId, String model) throws SQLException {
    List<Object> row =
        warehouse
            .query(
                "SELECT coalesce(max(seq), 0) + 1, max(CASE WHEN run_id = ? AND model_name = ? THEN"
                    + " seq END) FROM "
                    + table(),
                runId,
                model)
            .get(0);
    long next = ((Number) row.get(0)).longValue();
    if (row.get(1) == null) {
      return new Position(next, Optional.empty());
    }
    return new Position(next, find(runId, model));
  }

  /** The next sequence number, and the entry of a run that was already applied. */
  public record Position(long nextSeq, Optional<LedgerEntry> applied) {}

  /** The entry of a run for a model, if that run was applied. */
  public Optional<LedgerEntry> find(String runId, String model) throws SQLException {
    List<LedgerEntry> rows =
        read("WHERE run_id = ? AND model_name = ? ORDER BY seq DESC LIMIT 1", runId, model);
    return rows.stream().findFirst();
  }

  /** The model's newest entry, if it has one (one indexed-by-scan read). */
  public Optional<LedgerEntry> latest(String model) throws SQLException {
    return read("WHERE model_name = ? ORDER BY seq DESC, applied_at DESC LIMIT 1", model).stream()
        .findFirst();
  }

  /** The newest entry per model. */
  public Map<String, LedgerEntry> latestPerModel() throws SQLException {
    Map<String, LedgerEntry> latest = new LinkedHashMap<>();
    // one scan (PostgreSQL has no index on the ledger); per model, and the newest commit first
    // where two entries share a sequence number (Trino takes no ledger lock)
    for (LedgerEntry e :
        readFrom(
            "(SELECT *, row_number() OVER (PARTITION BY model_name ORDER BY seq DESC, applied_at"
                + " DESC) AS t4t_rank FROM "
                + table()
                + ") AS t4t_newest",
            "WHERE t4t_rank = 1 ORDER BY model_name")) {
      latest.put(e.model(), e);
    }
    return latest;
  }

  /** Appends an entry inside the caller's transaction and returns it with its sequence number. */
  public LedgerEntry append(LedgerEntry entry) throws SQLException {
    return append(entry, lockedPosition(entry.runId(), entry.model()).nextSeq());
  }

  /** Appends an entry with a sequence number from {@link #position} in the same transaction. */
  public LedgerEntry append(LedgerEntry entry, long seq) throws SQLException {
    // milliseconds: what every engine's JDBC driver binds (Trino's sends no more), so the entry
    // returned equals the one read back
    LocalDateTime now =
        LocalDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String insert =
        "INSERT INTO "
            + table()
            + " (seq, run_id, model_name, kind, materialization, strategy, sql_hash,"
            + " config_hash, last_processed_value, rows_written, applied_at, run_kind,"
            + " window_start, window_end, rows_inserted, rows_updated, rows_deleted, duration_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    LedgerEntry.RunDetail d = entry.detail();
    long started = System.nanoTime();
    boolean kept = warehouse.dialect().keepsPreparedStatements();
    PreparedStatement s =
        kept ? warehouse.prepared(insert) : warehouse.connection().prepareStatement(insert);
    try {
      s.setLong(1, seq);
      s.setString(2, entry.runId());
      s.setString(3, entry.model());
      s.setString(4, entry.kind());
      s.setString(5, entry.materialization());
      s.setString(6, entry.strategy());
      s.setString(7, entry.sqlHash());
      s.setString(8, entry.configHash());
      s.setString(9, entry.lastProcessedValue());
      s.setLong(10, entry.rowsWritten());
      s.setTimestamp(11, Timestamp.valueOf(now));
      s.setString(12, d.runKind());
      s.setString(13, d.windowStart());
      s.setString(14, d.windowEnd());
      setLong(s, 15, d.inserted());
      setLong(s, 16, d.updated());
      setLong(s, 17, d.deleted());
      setLong(s, 18, d.durationMillis());
      s.executeUpdate();
    } finally {
      if (!kept) {
        s.close();
      }
      Warehouse.timed(started, insert);
    }
    return new LedgerEntry(
        seq,
        entry.runId(),
        entry.model(),
        entry.kind(),
        entry.materialization(),
        entry.strategy(),
        entry.sqlHash(),
        entry.configHash(),
        entry.lastProcessedValue(),
        entry.rowsWritten(),
        now,
        d);
  }

  static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, java.sql.Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  /**
   * The applied runs and resets of {@code model} (null: every model), newest first, at most {@code
   * limit}: what {@code t4t runs} lists.
   */
  public List<LedgerEntry> history(String model, int limit) throws SQLException {
    String order = " ORDER BY seq DESC, applied_at DESC LIMIT " + Math.max(0, limit);
    return model == null ? read(order) : read("WHERE model_name = ?" + order, model);
  }

  static Long longOrNull(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  /** A timestamp column's value as the driver returns it (JDBC's type, or java.time's). */
  static LocalDateTime time(Object value) {
    return value instanceof Timestamp ts ? ts.toLocalDateTime() : (LocalDateTime) value;
  }

  private List<LedgerEntry> read(String tail, Object... params) throws SQLException {
    return readFrom(table(), tail, params);
  }

  private List<LedgerEntry> readFrom(String from, String tail, Object... params)
      throws SQLException {
    String detail = String.join(", ", detailColumns());
    List<List<Object>> rows;
    try {
      rows = select(detail, from, tail, params);
    } catch (SQLException e) {
      // a ledger from before decision 0012, read by a read-only session (which alters nothing)
      if (columns().contains(DETAIL_COLUMNS.get(0)[0])) {
        throw e;
      }
      rows =
          select(
              String.join(", ", DETAIL_COLUMNS.stream().map(c -> "NULL AS " + c[0]).toList()),
              from,
              tail,
              params);
    }
    return entries(rows);
  }

  private List<List<Object>> select(String detail, String from, String tail, Object... params)
      throws SQLException {
    return warehouse.query(
        "SELECT seq, run_id, model_name, kind, materialization, strategy, sql_hash, config_hash,"
            + " last_processed_value, rows_written, applied_at, "
            + detail
            + " FROM "
            + from
            + " "
            + tail,
        params);
  }

  private static List<LedgerEntry> entries(List<List<Object>> rows) {
    List<LedgerEntry> out = new ArrayList<>();
    for (List<Object> r : rows) {
      LocalDateTime appliedAt = time(r.get(10));
      out.add(
          new LedgerEntry(
              ((Number) r.get(0)).longValue(),
              (String) r.get(1),
              (String) r.get(2),
              (String) r.get(3),
              (String) r.get(4),
              (String) r.get(5),
              (String) r.get(6),
              (String) r.get(7),
              (String) r.get(8),
              r.get(9) == null ? 0 : ((Number) r.get(9)).longValue(),
              appliedAt,
              new LedgerEntry.RunDetail(
                  (String) r.get(11),
                  (String) r.get(12),
                  (String) r.get(13),
                  longOrNull(r.get(14)),
                  longOrNull(r.get(15)),
                  longOrNull(r.get(16)),
                  longOrNull(r.get(17)))));
    }
    return out;
  }
}
