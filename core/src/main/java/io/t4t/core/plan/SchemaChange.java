package io.t4t.core.plan;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.OnSchemaChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an incremental model's query columns differ from its table's, and what the run does about it
 * ({@code on_schema_change}): the columns it adds, the types it changes in place and the columns it
 * drops before loading the delta, and the columns the load then writes.
 *
 * @param mode the model's on_schema_change
 * @param added columns the query has and the table lacks
 * @param removed columns the table has and the query lacks
 * @param retyped columns both have, with different types
 * @param add the columns the run adds to the table (before loading)
 * @param alter the type changes the run applies in place
 * @param drop the columns the run drops
 * @param writeColumns the columns the load writes, as the table spells them
 */
public record SchemaChange(
    OnSchemaChange mode,
    List<Column> added,
    List<Column> removed,
    List<Retyped> retyped,
    List<Column> add,
    List<Retyped> alter,
    List<Column> drop,
    List<String> writeColumns) {

  /** A column and the engine's name of its type. */
  public record Column(String name, String type) {
    @Override
    public String toString() {
      return "'" + name + "' " + type;
    }
  }

  /** A column whose type differs: {@code from} the table's, {@code to} the query's. */
  public record Retyped(String name, String from, String to) {
    @Override
    public String toString() {
      return "'" + name + "' " + from + " -> " + to;
    }
  }

  public SchemaChange {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    retyped = List.copyOf(retyped);
    add = List.copyOf(add);
    alter = List.copyOf(alter);
    drop = List.copyOf(drop);
    writeColumns = List.copyOf(writeColumns);
  }

  /**
   * The difference between the table and the query's shape, applying nothing yet (the load writes
   * the columns both have). Types compare as the dialect stores them ({@link Dialect#ddlType}): a
   * query's {@code TIMESTAMP(3)} is no change to an Iceberg column of {@code TIMESTAMP(6)}.
   */
  static SchemaChange between(OnSchemaChange mode, TargetInfo table, TargetInfo query, Dialect d) {
    List<Column> added = new ArrayList<>();
    List<Retyped> retyped = new ArrayList<>();
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < query.columns().size(); i++) {
      String name = query.columns().get(i);
      String type = query.types().get(i);
      var existing = table.column(name);
      if (existing.isEmpty()) {
        added.add(new Column(name, type));
        continue;
      }
      shared.add(existing.get());
      String old = table.typeOf(name).orElseThrow();
      if (!normal(stored(old, d)).equals(normal(stored(type, d)))) {
        retyped.add(new Retyped(existing.get(), old, type));
      }
    }
    List<Column> removed = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      if (query.column(table.columns().get(i)).isEmpty()) {
        removed.add(new Column(table.columns().get(i), table.types().get(i)));
      }
    }
    return new SchemaChange(mode, added, removed, retyped, List.of(), List.of(), List.of(), shared);
  }

  private static String stored(String type, Dialect d) {
    return d.ddlType(type).orElse(type);
  }

  private static String normal(String type) {
    return type.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }

  /** True when the query's columns equal the table's. */
  public boolean none() {
    return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
  }

  /** True when the run alters the table before loading. */
  public boolean altersTable() {
    return !add.isEmpty() || !alter.isEmpty() || !drop.isEmpty();
  }

  /** The same difference, applying these changes. */
  SchemaChange applying(List<Column> add, List<Retyped> alter, List<Column> drop) {
    List<String> write = new ArrayList<>(writeColumns);
    write.removeIf(c -> drop.stream().anyMatch(d -> d.name().equalsIgnoreCase(c)));
    add.forEach(c -> write.add(c.name()));
    return new SchemaChange(mode, added, removed, retyped, add, alter, drop, write);
  }

  /** The difference in words: {@code added 'note' VARCHAR; removed 'x' INTEGER; ...}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    added.forEach(c -> parts.add("added column " + c));
    removed.forEach(c -> parts.add("removed column " + c));
    retyped.forEach(c -> parts.add("column " + c));
    return String.join("; ", parts);
  }
}
