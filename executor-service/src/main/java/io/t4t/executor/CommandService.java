package io.t4t.executor;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.roles.ExecutorRole;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.BucketFailed;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.MergeTask;
import io.t4t.events.ModelFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * Applies one command or merge task: opens the warehouse for this command only (so executors
 * sharing a DuckDB file take turns) over the project loaded once ({@link ExecutorProject}), and
 * answers the executor role's events. Invalid project files fail the model; a warehouse held by
 * another process past the configured wait fails it as transient, to be retried.
 */
@ApplicationScoped
public class CommandService {
  private static final Logger LOG = Logger.getLogger("ExecutorService");

  @Inject ExecutorServiceConfig config;

  @Inject ExecutorProject project;

  public List<Envelope> apply(Envelope command) {
    String model = command.key().split("#", 2)[0]; // merge tasks are keyed model#bucket
    String name =
        config
            .name()
            .orElse(
                ProcessHandle.current().info().command().map(x -> "").orElse("")
                    + hostName()
                    + "#"
                    + ProcessHandle.current().pid());
    long deadline = System.nanoTime() + config.warehouseWait().toNanos();
    long backoff = 20;
    while (true) {
      try (WarehouseSession session =
          ProjectRunner.openSession(project.project(), project.graph(), false)) {
        return new ExecutorRole(session, name).handle(command);
      } catch (InvalidInputException | io.t4t.core.error.UnavailableException e) {
        // busy (another process holds the DuckDB file) or unreachable (PostgreSQL down): retry
        boolean locked = e instanceof io.t4t.core.error.UnavailableException;
        if (!locked || System.nanoTime() > deadline) {
          ErrorCode code = locked ? ErrorCode.TRANSIENT : ErrorCode.INVALID_MODEL;
          if (command.payload() instanceof MergeTask t) {
            return List.of(
                Envelope.of(
                    command.runId(),
                    new BucketFailed(
                        model, t.bucket(), t.buckets(), code, locked, e.getMessage())));
          }
          return List.of(
              Envelope.of(
                  command.runId(), new ModelFailed(model, code, locked, e.getMessage(), 0)));
        }
        LOG.fine("Warehouse busy, retrying " + model + " in " + backoff + " ms");
        sleep(backoff);
        backoff = Math.min(backoff * 2, 500);
      }
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
