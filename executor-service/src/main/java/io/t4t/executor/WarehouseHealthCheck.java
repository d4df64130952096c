package io.t4t.executor;

import io.t4t.core.engine.EngineProviders;
import io.t4t.core.engine.Health;
import io.t4t.core.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the warehouse this executor writes to answers, as its engine's provider checks it
 * ({@link io.t4t.core.engine.EngineProvider#health}): a server (PostgreSQL, Trino) must accept a
 * connection and {@code SELECT 1} within {@link #TIMEOUT}; for a DuckDB file, which executors take
 * turns on, only its folder is checked. The project is read once; an answer is reused for {@link
 * #REUSE}, so probes never pile up connections.
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
    r.withData("engine", project.connection().type().wireName());
    Health health = EngineProviders.of(project).health(project, TIMEOUT);
    health.data().forEach(r::withData);
    return (health.up() ? r.up() : r.down()).build();
  }
}
