package io.t4t.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.Envelope;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The executor loads its project once, as the planner does, and plans each command from it: a model
 * file edited under a running executor is not read (planner and executors run the files of one
 * deployment; a changed project rolls both out together), and no command parses the project again.
 */
class CommandServiceTest {
  /**
   * A {@code @QuarkusTest} run earlier in this JVM registers the DuckDB driver from Quarkus's class
   * loader, which {@code DriverManager} does not offer to this plain test: register it from ours.
   */
  @org.junit.jupiter.api.BeforeAll
  static void duckDbDriver() throws ClassNotFoundException {
    Class.forName("org.duckdb.DuckDBDriver", true, CommandServiceTest.class.getClassLoader());
  }

  @Test
  void plansEveryCommandFromTheProjectLoadedOnce() throws Exception {
    Path project = io.t4t.testsupport.ExampleProjects.copy("t_project");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
    }
    CommandService service = service(project);
    String model = "my_schema.incremental_example";

    ModelCompleted first =
        completed(
            service.apply(
                command("run-1", new ModelRunCommand(model, "full", 0, Map.of(), false, 1))));
    assertThat(first.rows()).isEqualTo(256);

    // an edit that a new load of the project would refuse
    Files.writeString(
        project.resolve("models/my_schema/incremental_example.sql"), "SELECT FROM WHERE (");
    assertThatThrownBy(() -> ProjectLoader.load(project))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("incremental_example");

    ModelCompleted second =
        completed(
            service.apply(
                command(
                    "run-2",
                    new ModelRunCommand(
                        model, "incremental", first.ledgerSeq(), Map.of(), false, 1))));
    assertThat(second.alreadyApplied()).isFalse();
    assertThat(second.ledgerSeq()).isGreaterThan(first.ledgerSeq());
  }

  private static Envelope command(String runId, ModelRunCommand c) {
    return Envelope.of(runId, c);
  }

  private static ModelCompleted completed(List<Envelope> out) {
    assertThat(out).hasSize(2);
    assertThat(out.get(1).payload()).isInstanceOf(ModelCompleted.class);
    return (ModelCompleted) out.get(1).payload();
  }

  private static CommandService service(Path project) {
    ExecutorServiceConfig config =
        new ExecutorServiceConfig() {
          @Override
          public String project() {
            return project.toString();
          }

          @Override
          public Optional<String> target() {
            return Optional.empty();
          }

          @Override
          public String topicPrefix() {
            return "t4t.";
          }

          @Override
          public Optional<String> name() {
            return Optional.of("test-executor");
          }

          @Override
          public Duration warehouseWait() {
            return Duration.ofSeconds(5);
          }

          @Override
          public Duration drainTimeout() {
            return Duration.ofSeconds(5);
          }
        };
    CommandService service = new CommandService();
    service.config = config;
    service.project = new ExecutorProject();
    service.project.config = config;
    return service;
  }
}
