package io.t4t.core.run;

import io.t4t.core.dialect.TableName;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.project.Project;
import io.t4t.core.project.Seed;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Loads a project's seed CSVs ({@code t4t seed}, {@code t4t build}), each in a transaction. */
final class Seeds {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private Seeds() {}

  /** Loads every seed CSV, replacing its table; all seeds are checked before any is loaded. */
  static List<String> loadAll(Project project, Warehouse warehouse) {
    String catalog = warehouse.catalogName();
    for (Seed seed : project.seeds()) {
      if (seed.schema().equals(catalog)) {
        throw new InvalidInputException(
            "Invalid seed "
                + project.root().relativize(seed.file())
                + ": schema '"
                + seed.schema()
                + "' has the name of the database file, so '"
                + catalog
                + "."
                + seed.table()
                + "' would be ambiguous in DuckDB. Move it to seeds/main/"
                + seed.table()
                + ".csv: model SQL reaches it as "
                + catalog
                + "."
                + seed.table());
      }
    }
    List<String> loaded = new ArrayList<>();
    for (Seed seed : project.seeds()) {
      TableName table = new TableName(seed.schema(), seed.table());
      try {
        warehouse.begin();
        warehouse.execute(warehouse.dialect().createSchemaIfNotExists(seed.schema()));
        SeedLoader.load(warehouse, table, seed.file());
        long rows =
            ((Number)
                    warehouse
                        .query("SELECT count(*) FROM " + warehouse.dialect().table(table))
                        .get(0)
                        .get(0))
                .longValue();
        warehouse.commit();
        LOG.info("Loaded seed " + table + " with " + rows + " rows");
        loaded.add(table.toString());
      } catch (SQLException e) {
        warehouse.rollbackQuietly();
        throw new InvalidInputException(
            "Cannot load seed "
                + project.root().relativize(seed.file())
                + ": "
                + e.getMessage().lines().findFirst().orElse(""),
            e);
      }
    }
    return loaded;
  }
}
