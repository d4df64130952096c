package io.t4t.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A copy of {@code examples/t_project} (without its {@code data/} folder) in a temporary folder,
 * with helpers to run {@link T4tCommand} on it in-process and to read its databases over JDBC.
 */
final class ExampleCopy {
  static final String MODEL = "my_schema.incremental_example";
  static final String PY = "models/my_schema/incremental_example.py";
  static final String SQL = "models/my_schema/incremental_example.sql";
  static final String SEED = "seeds/main/source_table.csv";
  static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private static final DateTimeFormatter CSV_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  final Path root;

  private ExampleCopy(Path root) {
    this.root = root;
  }

  /** Copies the example project into {@code dir}/t_project, leaving out {@code data/}. */
  static ExampleCopy in(Path dir) {
    return of("t_project", dir);
  }

  /** Copies {@code examples/<name>} into {@code dir}/<name>, leaving out {@code data/}. */
  static ExampleCopy of(String name, Path dir) {
    Path source = examples().resolve(name);
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path rel = source.relativize(p);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("data")) {
          continue;
        }
        Path to = target.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ExampleCopy(target);
  }

  private static Path examples() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("examples").resolve("t_project"))) {
        return p.resolve("examples");
      }
    }
    throw new IllegalStateException("Cannot find examples/t_project above " + here);
  }

  /** The outcome of one command. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /** Runs {@code t4t <command> <project> <rest...>}. */
  Result run(String command, String... rest) {
    List<String> args = new ArrayList<>();
    for (String part : command.split(" ")) {
      args.add(part);
    }
    args.add(root.toString());
    args.addAll(List.of(rest));
    return t4t(args.toArray(String[]::new));
  }

  /** Runs {@code t4t} with exactly these arguments. */
  static Result t4t(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      code = T4tCommand.execute(args, o, e);
    }
    return new Result(code, out.toString(), err.toString());
  }

  Path file(String rel) {
    return root.resolve(rel);
  }

  String read(String rel) {
    try {
      return Files.readString(file(rel), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String rel, String text) {
    try {
      Files.createDirectories(file(rel).getParent());
      Files.writeString(file(rel), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code from} (which must occur) with {@code to} in a project file. */
  void replace(String rel, String from, String to) {
    String text = read(rel);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(rel + " does not contain: " + from);
    }
    write(rel, text.replace(from, to));
  }

  void delete(String rel) {
    try {
      Files.delete(file(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path warehouseFile() {
    return root.resolve("data").resolve(root.getFileName() + ".duckdb");
  }

  Path stateFile() {
    return root.resolve("data").resolve("tee_state.db");
  }

  /** Rows of the seed CSV as column name to text. */
  List<Map<String, String>> seedRows() {
    List<String> lines = read(SEED).lines().filter(l -> !l.isBlank()).toList();
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** Active seed rows, the rows the example model selects. */
  List<Map<String, String>> activeSeedRows() {
    return seedRows().stream().filter(r -> r.get("status").equals("active")).toList();
  }

  static LocalDateTime csvTime(String text) {
    return LocalDateTime.parse(text, CSV_TIME);
  }

  /** Rows of a query on the target database (opened read-only), each row as text. */
  List<List<String>> queryWarehouse(String sql) {
    return query(warehouseFile(), sql);
  }

  /** Rows of a query on the state database (opened read-only), each row as text. */
  List<List<String>> queryState(String sql) {
    return query(stateFile(), sql);
  }

  static List<List<String>> query(Path db, String sql) {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db, p);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot query " + db + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  /** The changes the engine tests make to the shop's sources between two runs. */
  static final String[] SHOP_CHANGES = {
    "INSERT INTO raw.orders VALUES (401, 3, 99.50, 'paid', TIMESTAMP '2024-03-28 09:00:00')",
    "UPDATE raw.customers SET country = 'SE', updated_at = TIMESTAMP '2024-03-30 00:00:00'"
        + " WHERE customer_id = 3"
  };

  /** Runs statements on a connection, then closes it. */
  static void execute(Connection c, String... statements) throws SQLException {
    try (c) {
      for (String sql : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }
    }
  }

  /** The rows of a query on a connection, each value as the driver's text; closes it. */
  static List<List<String>> rows(Connection c, String query) throws SQLException {
    try (c;
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** Runs statements on the target database (opened for writing). */
  void executeOnWarehouse(String... sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouseFile());
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot execute on the warehouse: " + e.getMessage(), e);
    }
  }

  /**
   * Every table t4t writes in the target database (all schemas but {@code main}, where seeds live;
   * the run ledger included), each with all its rows sorted, plus every {@code tee_model_state}
   * row. Not the record of failed runs, {@code _t4t.run_failures}: a failed model adds to it by
   * design (decision 0014).
   */
  Map<String, List<List<String>>> snapshot() {
    Map<String, List<List<String>>> snap = new LinkedHashMap<>();
    List<List<String>> tables =
        queryWarehouse(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND table_schema <> 'main'"
                + " AND NOT (table_schema = '_t4t' AND table_name = 'run_failures') ORDER BY 1");
    for (List<String> t : tables) {
      String name = t.get(0);
      snap.put(name, queryWarehouse("SELECT * FROM " + name + " ORDER BY ALL"));
    }
    snap.put("state:tee_model_state", queryState("SELECT * FROM tee_model_state ORDER BY ALL"));
    return snap;
  }

  /** All rows of the seed table {@code main.source_table}, sorted. */
  List<List<String>> sourceTable() {
    return queryWarehouse("SELECT * FROM main.source_table ORDER BY ALL");
  }
}
