package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** project.toml is bound strictly; each binding problem names the file, the key and the choices. */
class ProjectTomlBindingTest {
  @TempDir Path dir;

  private Project load(String toml, String target) throws Exception {
    Files.writeString(dir.resolve("project.toml"), toml);
    Files.createDirectories(dir.resolve("models/s"));
    Files.writeString(dir.resolve("models/s/m.sql"), "SELECT 1 AS v");
    return ProjectLoader.load(dir, target, Map.of());
  }

  private static final String DUCKDB =
      "[connection]\ntype = \"duckdb\"\npath = \"data/p.duckdb\"\n";
  private static final String PG = "[targets.pg]\ntype = \"postgres\"\nhost = \"h\"\n";

  private void fails(String toml, String target, String... fragments) {
    var thrown =
        assertThatThrownBy(() -> load(toml, target)).isInstanceOf(InvalidInputException.class);
    for (String f : fragments) {
      thrown.hasMessageContaining(f);
    }
  }

  @Test
  void readsWhatItBinds() throws Exception {
    Project p =
        load(
            DUCKDB
                + "schema = \"Sales\"\n[fan_out]\nbuckets = 3\n[flags]\n"
                + "materialization_change_behavior = \"error\"\n"
                + PG
                + "port = 6543\ndatabase = \"Shop\"\n",
            null);
    assertThat(p.connection().schema()).isEqualTo("sales");
    assertThat(p.fanOut().buckets()).isEqualTo(3);
    assertThat(p.materializationChange()).isEqualTo(MaterializationChangeBehavior.ERROR);
    ConnectionConfig pg =
        load(DUCKDB + PG + "port = 6543\ndatabase = \"Shop\"\n", "pg").connection();
    assertThat(pg.describe()).isEqualTo("postgres://" + pg.user() + "@h:6543/shop");
    assertThat(pg.schema()).isEqualTo("public");
  }

  @Test
  void unknownKeysNameTheAllowedKeys() {
    fails(
        "colour = 1\n" + DUCKDB,
        null,
        "Invalid project.toml: unknown key 'colour'",
        "(allowed: connection, fan_out, flags, project_folder, targets)");
    fails(
        DUCKDB + "[fan_out]\nbucket = 2\n",
        null,
        "unknown key 'fan_out.bucket'",
        "(allowed: buckets, min_rows)");
    fails(
        DUCKDB + PG + "catalog = \"x\"\n",
        "pg",
        "unknown key 'targets.pg.catalog'",
        "(allowed: database, host, password_env, port, schema, type, user)");
  }

  @Test
  void wrongTypesNameTheKeyAndWhatItMustBe() {
    fails(
        "project_folder = 1\n" + DUCKDB,
        null,
        "Invalid project.toml: 'project_folder' must be a string, not number");
    fails(
        DUCKDB + PG + "port = \"5432\"\n",
        "pg",
        "Invalid project.toml [targets.pg]: 'port' must be a whole number, not string");
    fails(DUCKDB + PG + "port = 5432.0\n", "pg", "'port' must be a whole number, not number");
    fails(
        DUCKDB + PG + "port = 99999999999\n",
        "pg",
        "'port' must be a whole number, not 99999999999");
    fails(DUCKDB + PG + "port = 70000\n", "pg", "port 70000 is out of range");
    fails(
        DUCKDB + "[fan_out]\nbuckets = \"4\"\n",
        null,
        "Invalid project.toml: fan_out.buckets = \"4\" (expected a whole number from 1 to 64)");
    fails(DUCKDB + "[fan_out]\nbuckets = 65\n", null, "fan_out.buckets = 65 (expected");
    fails("flags = 1\n" + DUCKDB, null, "Invalid project.toml: [flags] must be a table");
    fails(
        DUCKDB + "[flags]\nmaterialization_change_behavior = true\n",
        null,
        "Invalid project.toml [flags]: 'materialization_change_behavior' must be a string, not boolean");
    fails(
        "[connection]\ntype = 1\n",
        null,
        "Invalid project.toml [connection]: 'type' must be a string, not number");
  }
}
