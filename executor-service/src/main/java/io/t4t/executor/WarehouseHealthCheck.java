package io.t4t.executor;

import io.t4t.core.execute.Warehouse;
import io.t4t.core.project.EngineType;
import io.t4t.core.project.Project;
import io.t4t.core.run.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the warehouse this executor writes to answers. A server (PostgreSQL, Trino) must
 * accept a connection and {@code SELECT 1} within {@link #TIMEOUT}; a DuckDB file is held by one
 * process at a time and executors take turns on it per command, so for DuckDB only its folder is
 * checked (it must exist or be creatable, and be writable) and the file itself is not opened. The
 * project is read once; an answer is reused for {@link #REUSE}, so probes never pile up
 * connections.
 */
@Readiness
@ApplicationScoped
public class WarehouseHealthCheck implements HealthCheck {
  static final String NAME = "t4t warehouse";
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final Duration REUSE = Duration.ofSeconds(2);

  @Inject ExecutorProject loaded;
  private HealthCheckResponse last;
  private long lastAt;

  @Override
  public synchronized HealthCheckResponse call() {
    if (last != null && System.nanoTime() - lastAt < REUSE.toNanos()) {
      return last;
    }
    last = check();
    lastAt = System.nanoTime();
    return last;
  }

  private HealthCheckResponse check() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME);
    Project project;
    try {
      project = loaded.project();
    } catch (RuntimeException e) {
      return r.down().withData("error", "Cannot read the project: " + e.getMessage()).build();
    }
    EngineType engine = project.connection().type();
    r.withData("engine", engine.wireName());
    if (engine == EngineType.DUCKDB) {
      Path folder = project.connection().path().toAbsolutePath().getParent();
      r.withData("folder", folder.toString());
      Path existing = folder;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
        return r.down()
            .withData("error", "The warehouse folder " + folder + " is not writable")
            .build();
      }
      return r.up().build();
    }
    try (Warehouse w = Engine.open(project, true)) {
      try {
        w.connection().setNetworkTimeout(Runnable::run, (int) TIMEOUT.toMillis());
      } catch (java.sql.SQLFeatureNotSupportedException unbounded) {
        // the driver keeps its own timeouts
      }
      w.query("SELECT 1");
      return r.up().build();
    } catch (Exception e) {
      return r.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
