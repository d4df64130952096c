package io.t4t.core.execute;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.TargetInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The relations of the models' schemas, read with one catalog query: planning a large project asks
 * the engine once instead of probing every model's table (a probe costs about 0.3 ms on DuckDB, so
 * 3 s for 10,000 models). Only an incremental model's plan asks whether its table is empty: that is
 * still one query for that table. Used where the engine names types the same in its catalog as in a
 * result ({@link io.t4t.core.dialect.Capability#DESCRIBES_IN_BULK}).
 */
final class CatalogSnapshot implements Catalog {
  /** Fewer tables than this are probed one by one: a catalog query reads the whole schemas. */
  static final int WORTH_IT = 16;

  private record Relation(TargetInfo.Kind kind, List<String> columns, List<String> types) {}

  /** Tables asked together per statement whether they are empty (a statement of a few kB). */
  private static final int EMPTINESS_PER_STATEMENT = 200;

  private final Warehouse warehouse;
  private final Map<String, Relation> relations;
  private final Map<String, Boolean> empty = new HashMap<>();

  private CatalogSnapshot(Warehouse warehouse, Map<String, Relation> relations) {
    this.warehouse = warehouse;
    this.relations = relations;
  }

  static CatalogSnapshot read(
      Warehouse warehouse, Collection<TableName> tables, Collection<TableName> askRows) {
    Dialect d = warehouse.dialect();
    List<String> schemas = new ArrayList<>();
    for (TableName t : tables) {
      schemas.add(t.schema().toLowerCase(Locale.ROOT));
    }
    schemas = new ArrayList<>(new TreeSet<>(schemas));
    String sql =
        "SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type"
            + " FROM information_schema.columns c JOIN information_schema.tables t"
            + " ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema"
            + " AND t.table_name = c.table_name"
            + " WHERE c.table_catalog = "
            + d.currentCatalog()
            + " AND lower(c.table_schema) IN ("
            + String.join(", ", java.util.Collections.nCopies(schemas.size(), "?"))
            + ") ORDER BY c.table_schema, c.table_name, c.ordinal_position";
    List<List<Object>> rows;
    try {
      rows = warehouse.query(sql, schemas.toArray());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the catalog of schemas " + schemas + ": " + e.getMessage(), e);
    }
    Map<String, Relation> relations = new HashMap<>();
    for (List<Object> row : rows) {
      String key = key(String.valueOf(row.get(0)), String.valueOf(row.get(1)));
      Relation r =
          relations.computeIfAbsent(
              key,
              k ->
                  new Relation(
                      String.valueOf(row.get(2)).toUpperCase(Locale.ROOT).contains("VIEW")
                          ? TargetInfo.Kind.VIEW
                          : TargetInfo.Kind.TABLE,
                      new ArrayList<>(),
                      new ArrayList<>()));
      r.columns().add(String.valueOf(row.get(3)));
      r.types().add(d.catalogTypeName(String.valueOf(row.get(4))));
    }
    CatalogSnapshot snapshot = new CatalogSnapshot(warehouse, relations);
    snapshot.readEmptiness(askRows);
    return snapshot;
  }

  /** Whether each existing table of {@code rows} is empty: one statement per few hundred. */
  private void readEmptiness(Collection<TableName> rows) {
    List<TableName> tables = new ArrayList<>();
    for (TableName t : rows) {
      Relation r = relations.get(key(t.schema(), t.name()));
      if (r != null && r.kind() == TargetInfo.Kind.TABLE) {
        tables.add(t);
      }
    }
    Dialect d = warehouse.dialect();
    for (int from = 0; from < tables.size(); from += EMPTINESS_PER_STATEMENT) {
      List<TableName> chunk =
          tables.subList(from, Math.min(tables.size(), from + EMPTINESS_PER_STATEMENT));
      List<String> selects = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        selects.add(
            "SELECT " + i + " AS t4t_i, EXISTS (SELECT 1 FROM " + d.table(chunk.get(i)) + ")");
      }
      try {
        for (List<Object> row : warehouse.query(String.join(" UNION ALL ", selects))) {
          TableName t = chunk.get(((Number) row.get(0)).intValue());
          empty.put(key(t.schema(), t.name()), !Boolean.TRUE.equals(row.get(1)));
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read " + chunk + ": " + e.getMessage(), e);
      }
    }
  }

  /** DuckDB's names are case-insensitive: a relation is found whatever case created it. */
  private static String key(String schema, String name) {
    return schema.toLowerCase(Locale.ROOT) + "." + name.toLowerCase(Locale.ROOT);
  }

  /** The catalog's kind: what the state says t4t built last is not needed to ask for it. */
  @Override
  public TargetInfo describe(TableName table, TargetInfo.Kind knownKind, boolean rows) {
    Relation r = relations.get(key(table.schema(), table.name()));
    if (r == null) {
      return TargetInfo.NONE;
    }
    if (r.kind() == TargetInfo.Kind.VIEW) {
      return new TargetInfo(TargetInfo.Kind.VIEW, r.columns(), r.types(), false);
    }
    Boolean known = empty.get(key(table.schema(), table.name()));
    try {
      return new TargetInfo(
          TargetInfo.Kind.TABLE,
          r.columns(),
          r.types(),
          rows && (known != null ? known : warehouse.isEmpty(table)));
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public TargetInfo describeQuery(String query) {
    return warehouse.describeQuery(query);
  }
}
