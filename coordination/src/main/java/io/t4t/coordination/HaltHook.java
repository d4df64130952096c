package io.t4t.coordination;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.events.BucketCompleted;
import io.t4t.events.Envelope;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test hook only: stops the process dead (as kill -9 does, no shutdown hooks) at a chosen point of
 * the coordination, before the decision's transaction commits, so the kill trials (e2e
 * PlannerKillIT) hit exactly the moment they name. Off unless the system property {@value
 * #PROPERTY} names a file; while that file exists, its content arms one point:
 *
 * <ul>
 *   <li>{@code run_requested}: deciding a run request;
 *   <li>{@code release}: deciding a completion that releases downstream models;
 *   <li>{@code fan-out:K}: deciding the K-th bucket completion since the file was written;
 *   <li>{@code window}: closing an arrival window.
 * </ul>
 */
final class HaltHook {
  static final String PROPERTY = "t4t.test.halt-planner-file";

  private final Path file;
  private String armed;
  private int buckets;

  private HaltHook(Path file) {
    this.file = file;
  }

  static HaltHook fromSystemProperties() {
    String f = System.getProperty(PROPERTY);
    return new HaltHook(f == null ? null : Path.of(f));
  }

  /** After deciding an event, before its changes and events are applied and forwarded. */
  void check(Envelope event, Coordinator.Decision d) {
    String point = point();
    if (point == null) {
      return;
    }
    boolean releases = d.events().stream().anyMatch(e -> e.payload() instanceof ModelRunCommand);
    if (point.equals("run_requested") && event.payload() instanceof RunRequested
        || point.equals("release") && event.payload() instanceof ModelCompleted && releases) {
      halt();
    }
    if (point.startsWith("fan-out:") && event.payload() instanceof BucketCompleted b) {
      if (!b.alreadyApplied() && ++buckets >= Integer.parseInt(point.substring(8))) {
        halt();
      }
    }
  }

  /** After a tick's decision. */
  void checkTick(Coordinator.Decision d) {
    if ("window".equals(point())
        && d.events().stream().anyMatch(e -> e.runId().startsWith("arrival-"))) {
      halt();
    }
  }

  private String point() {
    if (file == null) {
      return null;
    }
    try {
      String now = Files.exists(file) ? Files.readString(file).trim() : null;
      if (now == null || !now.equals(armed)) {
        buckets = 0;
      }
      armed = now;
      return now;
    } catch (IOException e) {
      return null;
    }
  }

  private static void halt() {
    Runtime.getRuntime().halt(99);
  }
}
