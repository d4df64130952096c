package io.t4t.executor;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Graceful shutdown of an executor. On SIGTERM (Quarkus' shutdown event, which comes before the
 * Kafka connector closes) it stops taking commands and waits for the ones in hand to finish and
 * publish their outcomes, up to {@code t4t.executor.drain-timeout}; then the connector commits and
 * leaves the group. A command delivered after the stop is held unacknowledged until the process
 * ends, so it is redelivered to another executor; a run still going at the timeout is cut short
 * with the process and, never committed, is redelivered too. (The consumer returns a record that
 * arrives after the stop unacknowledged, never failed: a failure would dead-letter it.)
 */
@ApplicationScoped
public class Drain {
  private static final Logger LOG = Logger.getLogger("ExecutorService");

  @Inject ExecutorServiceConfig config;

  private int inFlight;
  private boolean stopping;

  /** Whether a command may start; false once stopping. Every true must be matched by exit. */
  synchronized boolean enter() {
    if (stopping) {
      return false;
    }
    inFlight++;
    return true;
  }

  synchronized void exit() {
    inFlight--;
    notifyAll();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    synchronized (this) {
      stopping = true;
      if (inFlight > 0) {
        LOG.info("Stopping: finishing " + inFlight + " command(s) in hand first");
      }
      long left;
      while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
        wait(Math.max(1, left / 1_000_000));
      }
      if (inFlight > 0) {
        LOG.warning(
            "Stopping with "
                + inFlight
                + " command(s) unfinished after "
                + config.drainTimeout()
                + ": they are redelivered to another executor");
      }
    }
  }
}
