package io.t4t.cli;

import static io.t4t.cli.ExampleCopy.MODEL;
import static io.t4t.cli.ExampleCopy.PY;
import static io.t4t.cli.ExampleCopy.SEED;
import static io.t4t.cli.ExampleCopy.SQL;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.cli.ExampleCopy.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: exit code 2 (invalid input) or 1 (a model failed), a message naming the problem, and
 * the target tables, the run ledger and the state exactly as they were before.
 *
 * <p>Every case starts from a copy of the example that was built once, so target and state exist.
 */
class BadInputTest {
  private static final String PY_FILE = "models/my_schema/incremental_example.py";
  private static final String SQL_FILE = "models/my_schema/incremental_example.sql";
  private static final String CHOSEN =
      "metadata = metadata_merge  # Currently using merge strategy";

  @TempDir Path dir;

  private ExampleCopy project;
  private Map<String, List<List<String>>> before;

  @BeforeEach
  void buildTheExample() {
    project = ExampleCopy.in(dir);
    Result build = project.run("build");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    before = project.snapshot();
    assertThat(before.get(MODEL)).hasSize(256);
    assertThat(before.get("state:tee_model_state")).hasSize(1);
  }

  /** Re-snapshots after the test changed the project and built it again successfully. */
  private void rebuildAndSnapshot() {
    Result build = project.run("build");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    before = project.snapshot();
  }

  private void assertInvalidInput(Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains("ERROR - ").contains(fragments);
    assertThat(r.err()).as("nothing ran").doesNotContain("Executing model");
    assertUnchanged();
  }

  private void assertModelFailed(Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains(fragments);
    assertUnchanged();
    // what changed is the record of the failure, for t4t runs
    assertThat(project.queryWarehouse("SELECT outcome FROM _t4t.run_failures")).isNotEmpty();
  }

  private void assertUnchanged() {
    assertThat(project.snapshot()).isEqualTo(before);
  }

  // ---- project.toml ----

  @Test
  @DisplayName("project folder without project.toml: exit 2")
  void missingProjectToml() {
    project.delete("project.toml");

    Result r = project.run("run");

    assertInvalidInput(r, "Cannot find project.toml in " + project.root, "pass the project folder");
  }

  @Test
  @DisplayName("malformed TOML: exit 2 naming project.toml")
  void malformedToml() {
    project.replace("project.toml", "[flags]", "[flags\nbroken = = 1");

    Result r = project.run("run");

    assertInvalidInput(r, "Invalid project.toml in " + project.root + " at line 8");
  }

  @Test
  @DisplayName("unknown key in project.toml: exit 2 naming the key and the allowed keys")
  void unknownProjectKey() {
    project.replace(
        "project.toml", "schema = \"my_schema\"", "schema = \"my_schema\"\npaht = \"x\"");

    Result r = project.run("run");

    assertInvalidInput(
        r, "Invalid project.toml: unknown key 'connection.paht'", "(allowed: path, schema, type)");
  }

  @Test
  @DisplayName("unknown connection type: exit 2 naming the value and the choices")
  void unknownConnectionType() {
    project.replace("project.toml", "type = \"duckdb\"", "type = \"snowflake\"");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid project.toml: Unknown connection type: 'snowflake'",
        "(expected one of duckdb, postgres, trino)");
  }

  @Test
  @DisplayName("a warehouse that does not answer: exit 2 saying where t4t looked, nothing changed")
  void unreachableWarehouse() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    project.replace(
        "project.toml",
        "type = \"postgres\"",
        "type = \"postgres\"\nhost = \"127.0.0.1\"\nport = " + closed);

    Result r = project.run("run", "--target", "postgres");

    // unavailable, not invalid input (trying later may succeed), and still exit 2 with the message
    assertInvalidInput(r, "Cannot connect to", "is PostgreSQL running there?");
  }

  @Test
  @DisplayName("a cluster named together with --transport direct: exit 2, give one of them")
  void clusterWithDirectTransport() {
    Result r = project.run("run", "--transport", "direct", "--bootstrap-servers", "127.0.0.1:1");

    assertInvalidInput(r, "--bootstrap-servers names a cluster", "give one of them");
  }

  @Test
  @DisplayName("a password in project.toml: exit 2 saying where passwords go")
  void passwordInProjectFile() {
    project.replace(
        "project.toml", "type = \"postgres\"", "type = \"postgres\"\npassword = \"hunter2\"");

    Result r = project.run("run", "--target", "postgres");

    assertInvalidInput(
        r, "passwords never live in project files", "PGPASSWORD", "[targets.postgres]");
    assertThat(r.err()).doesNotContain("hunter2");
  }

  @Test
  @DisplayName("an unknown --target: exit 2 naming the targets there are")
  void unknownTarget() {
    Result r = project.run("run", "--target", "prod");

    assertInvalidInput(r, "Unknown target 'prod'", "targets [postgres, trino]");
  }

  @Test
  @DisplayName("PostgreSQL not reachable: exit 2 naming the server and where settings come from")
  void postgresNotReachable() {
    project.replace(
        "project.toml",
        "type = \"postgres\"",
        "type = \"postgres\"\nhost = \"127.0.0.1\"\nport = 1");

    Result r = project.run("run", "--target", "postgres");

    assertInvalidInput(r, "Cannot connect to postgres://", "@127.0.0.1:1/t_project", "PGHOST");
  }

  @Test
  @DisplayName("Trino not reachable: exit 2 naming the server and asking whether Trino runs there")
  void trinoNotReachable() {
    project.replace(
        "project.toml", "type = \"trino\"", "type = \"trino\"\nhost = \"127.0.0.1\"\nport = 1");

    Result r = project.run("run", "--target", "trino");

    assertInvalidInput(
        r, "Cannot connect to trino://", "@127.0.0.1:1/t_project/my_schema", "is Trino running");
  }

  @Test
  @DisplayName("a Trino target without a catalog, or with a password: exit 2 saying what to do")
  void trinoTargetWithoutCatalogOrWithPassword() {
    project.replace("project.toml", "catalog = \"t_project\"\n", "");
    assertInvalidInput(
        project.run("run", "--target", "trino"),
        "Invalid project.toml [targets.trino]: 'catalog' is required",
        "catalog = \"iceberg\"");

    project.replace("project.toml", "type = \"trino\"", "type = \"trino\"\npassword = \"hunter2\"");
    Result r = project.run("run", "--target", "trino");
    assertInvalidInput(r, "passwords never live in project files", "TRINO_PASSWORD");
    assertThat(r.err()).doesNotContain("hunter2");
  }

  @Test
  @DisplayName("unknown materialization_change_behavior: exit 2 naming the value and the choices")
  void unknownMaterializationChangeBehavior() {
    project.replace("project.toml", "= \"warn\"", "= \"explode\"");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid project.toml: Unknown materialization_change_behavior: 'explode'",
        "(expected one of warn, error, ignore)");
  }

  // ---- model metadata (.py) ----

  @Test
  @DisplayName(".py metadata with a function call: exit 2 naming the file and the line")
  void metadataWithACall() {
    project.replace(PY, CHOSEN, "metadata = dict(metadata_merge)");
    int line = lineOf(project.read(PY), "metadata = dict(");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid metadata in " + PY_FILE + " line " + line + ": ",
        "calls and attribute access are not allowed in metadata");
  }

  @Test
  @DisplayName(".py with an unknown metadata key: exit 2 naming the file and the key")
  void metadataUnknownKey() {
    project.replace(
        PY,
        "\"description\": \"Incremental table using merge strategy\",",
        "\"description\": \"Incremental table using merge strategy\",\n    \"tags\": [\"nightly\"],");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid metadata in " + PY_FILE + ": unknown key 'tags'",
        "(allowed: description, materialization, incremental, on_schema_change, tests)");
  }

  @Test
  @DisplayName("unknown strategy 'mrege': exit 2 listing append, merge, delete_insert")
  void unknownStrategy() {
    project.replace(PY, "\"strategy\": \"merge\"", "\"strategy\": \"mrege\"");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid metadata in " + PY_FILE,
        "Unknown incremental strategy: 'mrege'",
        "append, merge, delete_insert");
  }

  @Test
  @DisplayName("lookback '3 hourz': exit 2 naming the value, the file and the key")
  void badLookback() {
    project.replace(PY, "\"lookback\": \"3 hours\"", "\"lookback\": \"3 hourz\"");

    Result r = project.run("run");

    assertInvalidInput(
        r, "Invalid lookback '3 hourz' in " + PY_FILE + " (incremental.merge.lookback)");
  }

  @Test
  @DisplayName("merge block without unique_key: exit 2 naming the missing key")
  void mergeWithoutUniqueKey() {
    project.replace(PY, "\"unique_key\": [\"id\"],", "");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid metadata in " + PY_FILE,
        "'incremental.merge.unique_key' is required for merge");
  }

  @Test
  @DisplayName("start_date 'yesterday': exit 2 naming the value and the key")
  void badStartDate() {
    project.replace(PY, "\"start_date\": \"auto\"", "\"start_date\": \"yesterday\"");

    Result r = project.run("run");

    assertInvalidInput(
        r, "Invalid incremental.merge.start_date 'yesterday' in " + PY_FILE, "'auto'");
  }

  // ---- model SQL and the model graph ----

  @Test
  @DisplayName("model SQL that does not parse: exit 2 naming the file")
  void unparsableSql() {
    project.write(SQL, "SELECT id, FROM WHERE status = \n");

    Result r = project.run("run");

    assertInvalidInput(r, "Invalid SQL in " + SQL_FILE + ": ", "a model is one SELECT statement");
  }

  @Test
  @DisplayName("an empty model file, or one of comments only: exit 2 naming the file")
  void emptyModelFile() {
    for (String sql : new String[] {"", "  \n", ";\n", "-- nothing yet\n/* later */\n"}) {
      project.write(SQL, sql);

      Result r = project.run("run");

      assertInvalidInput(
          r,
          "Invalid SQL in " + SQL_FILE + ": the file holds no statement",
          "write it, or delete the file");
      assertThat(project.sourceTable()).hasSize(320);
    }
  }

  @Test
  @DisplayName("a model that is not a SELECT: exit 2 naming the file and the statement")
  void notASelect() {
    project.write(SQL, "DELETE FROM main.source_table WHERE id > 0\n");

    Result r = project.run("run");

    assertInvalidInput(
        r, "Invalid SQL in " + SQL_FILE + ": a model must be a single SELECT (found Delete)");
    assertThat(project.sourceTable()).hasSize(320);
  }

  @Test
  @DisplayName("two models in a dependency cycle: exit 2 naming both with ->")
  void dependencyCycle() {
    project.write("models/my_schema/a.sql", "SELECT * FROM my_schema.b\n");
    project.write("models/my_schema/b.sql", "SELECT * FROM my_schema.a\n");

    Result r = project.run("run");

    assertInvalidInput(r, "Invalid project: models depend on each other in a cycle: ");
    assertThat(r.err())
        .containsAnyOf(
            "my_schema.a -> my_schema.b -> my_schema.a",
            "my_schema.b -> my_schema.a -> my_schema.b");
  }

  // ---- command line ----

  @Test
  @DisplayName("--vars that is not JSON: exit 2")
  void varsNotJson() {
    Result r = project.run("run", "--vars", "{start_date: 2024-01-10}");

    assertInvalidInput(r, "Invalid --vars: not JSON (", "expected an object like");
  }

  @Test
  @DisplayName("--vars that is a JSON array: exit 2")
  void varsArray() {
    Result r = project.run("run", "--vars", "[\"2024-01-10\"]");

    assertInvalidInput(r, "Invalid --vars: expected a JSON object");
  }

  @Test
  @DisplayName("--vars with an impossible date: exit 2 naming the value")
  void varsImpossibleDate() {
    project.replace(PY, "metadata = metadata_merge", "metadata = metadata_delete_insert");

    Result r = project.run("run", "--vars", "{\"start_date\": \"2024-13-45\"}");

    assertInvalidInput(
        r, "Invalid --vars value for 'start_date'", "Invalid date or timestamp '2024-13-45'");
  }

  @Test
  @DisplayName(
      "--vars start value that is no date, timestamp or number: exit 2 before anything runs")
  void varsStartValueNotADate() {
    project.replace(PY, "metadata = metadata_merge", "metadata = metadata_delete_insert");
    Result first = project.run("build", "--vars", "{\"start_date\": \"2024-01-10\"}");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    before = project.snapshot();

    for (String bad : List.of("\"yesterday\"", "null", "true")) {
      Result r = project.run("run", "--vars", "{\"start_date\": " + bad + "}");
      assertInvalidInput(
          r,
          "Invalid --vars value for 'start_date'",
          MODEL + " starts from it, so it must be an ISO date");
    }
  }

  @Test
  @DisplayName("--vars with a dict as a value: exit 2 naming the variable")
  void varsNonScalarValue() {
    Result r = project.run("run", "--vars", "{\"start_date\": {\"day\": 10}}");

    assertInvalidInput(
        r,
        "Invalid value for variable 'start_date' in --vars",
        "expected a string, number, boolean or null");
  }

  @Test
  @DisplayName("--vars with a name that is not an identifier: exit 2 naming it")
  void varsBadName() {
    Result r = project.run("run", "--vars", "{\"start-date\": \"2024-01-10\"}");

    assertInvalidInput(r, "Invalid variable name 'start-date'");
  }

  @Test
  @DisplayName("delete_insert with its variable missing from --vars: exit 2, nothing runs")
  void deleteInsertMissingVariable() {
    project.replace(PY, "metadata = metadata_merge", "metadata = metadata_delete_insert");
    // a seed load would show as the new row in main.source_table
    project.write(
        SEED,
        project.read(SEED) + "321,customer_321,2024-02-01 00:00:00,2024-02-01 00:00:00,active\n");

    Result r = project.run("build");

    assertInvalidInput(
        r,
        "Cannot run " + MODEL + ": variable 'start_date' is not set",
        "--vars '{\"start_date\": \"...\"}'");
    assertThat(r.err()).doesNotContain("Loaded seed");
    assertThat(project.sourceTable()).hasSize(320);
  }

  @Test
  @DisplayName("--select of an unknown model: exit 2 naming it and the project's models")
  void selectUnknownModel() {
    Result r = project.run("run", "--select", "my_schema.nope");

    assertInvalidInput(
        r, "Unknown model 'my_schema.nope'", "(models in this project: [" + MODEL + "])");
  }

  @Test
  @DisplayName("--exclude of an unknown model: exit 2 naming it")
  void excludeUnknownModel() {
    Result r = project.run("run", "--exclude", "nope");

    assertInvalidInput(r, "Unknown model 'nope'", "(models in this project: [" + MODEL + "])");
  }

  @Test
  @DisplayName("state show of an unknown model: exit 2 naming it")
  void stateShowUnknownModel() {
    Result r = project.run("state show", "my_schema.nope");

    assertInvalidInput(r, "Unknown model 'my_schema.nope'");
    assertThat(r.out()).doesNotContain("model_name:");
  }

  @Test
  @DisplayName("unknown command: exit 2 naming it")
  void unknownCommand() {
    Result r = ExampleCopy.t4t("frobnicate", project.root.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched arguments from index 0: 'frobnicate'");
    assertUnchanged();
  }

  @Test
  @DisplayName("state reset of an unknown model: exit 2 naming it")
  void stateResetUnknownModel() {
    Result r = project.run("state reset", "nope");

    assertInvalidInput(r, "Unknown model 'nope'", "(models in this project: [" + MODEL + "])");
    assertThat(r.out()).doesNotContain("Reset state");
  }

  // ---- seeds ----

  @Test
  @DisplayName("seed CSV under seeds/<database name>/: exit 2 and no seed loaded")
  void seedSchemaNamedLikeTheDatabase() {
    project.write("seeds/t_project/extra.csv", "id,name\n1,x\n");
    project.write(
        SEED,
        project.read(SEED) + "321,customer_321,2024-02-01 00:00:00,2024-02-01 00:00:00,active\n");
    List<List<String>> source = project.sourceTable();

    Result r = project.run("build");

    assertInvalidInput(
        r,
        "Invalid seed seeds/t_project/extra.csv: schema 't_project' has the name of the"
            + " database file",
        "Move it to seeds/main/extra.csv");
    assertThat(r.err()).doesNotContain("Loaded seed");
    assertThat(project.sourceTable()).isEqualTo(source);
    assertThat(
            project.queryWarehouse(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'extra'"))
        .containsExactly(List.of("0"));
  }

  @Test
  @DisplayName("seed command with a seed under seeds/<database name>/: exit 2, no seed loaded")
  void seedCommandWithSeedSchemaNamedLikeTheDatabase() {
    project.write("seeds/t_project/extra.csv", "id,name\n1,x\n");
    project.write(
        SEED,
        project.read(SEED) + "321,customer_321,2024-02-01 00:00:00,2024-02-01 00:00:00,active\n");
    List<List<String>> source = project.sourceTable();

    Result r = project.run("seed");

    assertInvalidInput(
        r, "Invalid seed seeds/t_project/extra.csv: schema 't_project' has the name of the");
    assertThat(r.err()).doesNotContain("Loaded seed");
    assertThat(project.sourceTable()).isEqualTo(source);
  }

  // ---- on_schema_change ----

  @Test
  @DisplayName("unknown on_schema_change in a model: exit 2 naming the file, key and the modes")
  void unknownOnSchemaChangeInAModel() {
    project.replace(
        PY,
        "metadata_merge: ModelMetadata = {",
        "metadata_merge: ModelMetadata = {\n    \"on_schema_change\": \"sometimes\",");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid metadata in " + PY_FILE + ": Unknown on_schema_change: 'sometimes'",
        "(expected one of fail, ignore, append_new_columns, sync_all_columns, full_refresh)");
  }

  @Test
  @DisplayName("unknown on_schema_change in project.toml: exit 2 naming project.toml and the key")
  void unknownOnSchemaChangeInProjectToml() {
    project.replace("project.toml", "[flags]", "[flags]\non_schema_change = \"merge\"");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid project.toml: Unknown on_schema_change: 'merge'",
        "(expected one of fail, ignore, append_new_columns, sync_all_columns, full_refresh)");
  }

  // ---- failed models (exit 1) ----

  @Test
  @DisplayName(
      "duplicate unique keys in the merge delta: exit 1 naming the key and on_duplicate_keys")
  void duplicateKeysInTheDelta() {
    String row = "321,customer_321,2024-02-01 00:00:00,2024-02-01 00:00:00,active\n";
    project.write(SEED, project.read(SEED) + row + row);

    Result r = project.run("build");

    assertModelFailed(
        r,
        "Running incremental merge for " + MODEL,
        "ERROR - ExecutionEngine - Failed to execute " + MODEL + ": Cannot merge into " + MODEL,
        "several rows for one unique key [id]",
        "on_duplicate_keys = \"keep_latest\"",
        "Duplicate keys: 321",
        "Completed: 0 succeeded, 1 failed, 0 skipped");
  }

  @Test
  @DisplayName("runtime SQL error in an incremental run: exit 1, downstream model skipped")
  void runtimeSqlErrorSkipsDownstream() {
    project.write(
        "models/my_schema/downstream.sql", "SELECT id, name FROM my_schema.incremental_example\n");
    rebuildAndSnapshot();
    assertThat(before.get("my_schema.downstream")).hasSize(256);
    project.executeOnWarehouse("ALTER TABLE main.source_table DROP COLUMN name");

    Result r = project.run("run");

    assertModelFailed(
        r,
        "Running incremental merge for " + MODEL,
        "ERROR - ExecutionEngine - Failed to execute "
            + MODEL
            + ": Cannot run model "
            + MODEL
            + ": ",
        "Referenced column \"name\" not found",
        "WARNING - ExecutionEngine - Skipped my_schema.downstream: upstream ["
            + MODEL
            + "] did not run",
        "Completed: 0 succeeded, 1 failed, 1 skipped");
    assertThat(r.err()).doesNotContain("Executing model: my_schema.downstream");
  }

  @Test
  @DisplayName("materialization change with materialization_change_behavior = error: exit 1")
  void materializationChangeRefused() {
    project.replace("project.toml", "= \"warn\"", "= \"error\"");
    project.replace(PY, CHOSEN, "metadata = {\"materialization\": \"table\"}");

    Result r = project.run("run");

    assertModelFailed(
        r,
        "Failed to execute " + MODEL,
        "Cannot change the materialization of " + MODEL + " from incremental to table",
        "materialization_change_behavior = \"error\"");
  }

  // ---- data tests ----

  private static final String DESCRIPTION =
      "\"description\": \"Incremental table using merge strategy\",";

  @Test
  @DisplayName("unknown data test 'not_nul': exit 2 naming the model's file and the kinds allowed")
  void unknownDataTest() {
    project.replace(
        PY,
        DESCRIPTION,
        DESCRIPTION + "\n    \"tests\": [{\"test\": \"not_nul\", \"columns\": [\"id\"]}],");

    for (String command : List.of("run", "test")) {
      Result r = project.run(command);

      assertInvalidInput(
          r,
          "Invalid metadata in "
              + PY_FILE
              + ": unknown test 'not_nul' in 'tests[0]' (allowed: not_null, unique,"
              + " accepted_values, relationships, sql)");
    }
  }

  @Test
  @DisplayName("unknown key in a data test: exit 2 naming the file, the key and the keys allowed")
  void unknownDataTestKey() {
    project.replace(
        PY,
        DESCRIPTION,
        DESCRIPTION
            + "\n    \"tests\": [{\"test\": \"unique\", \"columns\": [\"id\"]},"
            + " {\"test\": \"not_null\", \"colums\": [\"id\"]}],");

    Result r = project.run("run");

    assertInvalidInput(
        r,
        "Invalid metadata in "
            + PY_FILE
            + ": unknown key 'colums' in 'tests[1]' (a not_null test allows: test, columns,"
            + " severity)");
  }

  @Test
  @DisplayName("unknown test severity: exit 2 naming the file, the test and error, warn")
  void unknownDataTestSeverity() {
    project.replace(
        PY,
        DESCRIPTION,
        DESCRIPTION
            + "\n    \"tests\": [{\"test\": \"unique\", \"columns\": [\"id\"],"
            + " \"severity\": \"fatal\"}],");

    Result r = project.run("build");

    assertInvalidInput(
        r,
        "Invalid tests[0].severity in " + PY_FILE,
        "Unknown test severity: 'fatal' (expected one of error, warn)");
  }

  @Test
  @DisplayName("relationships test naming no model, seed or source: exit 2 naming file, key, value")
  void unknownRelationshipsTarget() {
    project.replace(
        PY,
        DESCRIPTION,
        DESCRIPTION
            + "\n    \"tests\": [{\"test\": \"relationships\", \"column\": \"id\","
            + " \"to\": \"my_schema.no_such_model\", \"field\": \"id\"}],");

    for (String command : List.of("run", "test", "build")) {
      assertInvalidInput(
          project.run(command),
          "Invalid tests[0].to of model "
              + MODEL
              + " in "
              + PY_FILE
              + ": 'my_schema.no_such_model' is not a model, a seed or a table the project's"
              + " models read (name one of them as schema.name");
    }
  }

  private static int lineOf(String text, String fragment) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no line contains " + fragment);
  }

  // ---- backfill (issue 15) ----

  @Test
  @DisplayName("backfill with --end before or equal to --start: exit 2, nothing changed")
  void backfillEndNotAfterStart() {
    assertInvalidInput(
        project.run("backfill", MODEL, "--start", "2024-01-02", "--end", "2024-01-01"),
        "Invalid window for backfill of model " + MODEL,
        "--end '2024-01-01' must be after --start '2024-01-02'");
    assertInvalidInput(
        project.run("backfill", MODEL, "--start", "2024-01-02", "--end", "2024-01-02"),
        "Invalid window for backfill of model " + MODEL);
  }

  @Test
  @DisplayName("backfill with a value that is no timestamp: exit 2 naming model and key")
  void backfillUnparsableValue() {
    assertInvalidInput(
        project.run("backfill", MODEL, "--start", "last tuesday", "--end", "2024-01-02"),
        "Invalid --start 'last tuesday' for backfill of model " + MODEL,
        "time column updated_at");
  }

  @Test
  @DisplayName("backfill of an unknown model: exit 2")
  void backfillUnknownModel() {
    assertInvalidInput(
        project.run("backfill", "my_schema.nope", "--start", "2024-01-01", "--end", "2024-01-02"),
        "Unknown model 'my_schema.nope'");
  }

  @Test
  @DisplayName("backfill of a model without a time column (a table): exit 2")
  void backfillTableModel() {
    project.write("models/my_schema/totals.sql", "SELECT count(*) AS n FROM " + MODEL + "\n");
    project.write(
        "models/my_schema/totals.py",
        "from tee.typing import ModelMetadata\n\nmetadata: ModelMetadata = {'materialization':"
            + " 'table'}\n");
    rebuildAndSnapshot();
    assertInvalidInput(
        project.run("backfill", "my_schema.totals", "--start", "2024-01-01", "--end", "2024-01-02"),
        "Cannot backfill model my_schema.totals: it is a table",
        "no time_column");
  }

  @Test
  @DisplayName("runs with --limit 0: exit 2")
  void runsLimitZero() {
    assertInvalidInput(project.run("runs", "--limit", "0"), "Invalid --limit 0");
  }
}
