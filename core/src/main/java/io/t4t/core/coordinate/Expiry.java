package io.t4t.core.coordinate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The end of a finished run: kept for the retention period, then its progress is dropped and a
 * marker says it expired; the marker itself goes after the retention again.
 */
final class Expiry {
  private final Duration retention;

  Expiry(Duration retention) {
    this.retention = retention;
  }

  /** Keeps a run that just finished until the retention has passed. */
  void keepIfFinished(Step s, String runId) {
    RunHeader h = s.changes.run(runId);
    if (h != null && h.done() && h.finishedAt() != null && h.expiredAt() == null) {
      s.changes.expireAt(h.finishedAt().plus(retention), runId);
    }
  }

  /** Expires every run due by now, soonest first. */
  void expireDue(Step s) {
    for (Map.Entry<Instant, String> e : s.changes.expiring(s.now)) {
      expire(s, e.getKey(), e.getValue());
    }
  }

  /** Drops a finished run's progress, keeping a marker that it expired; later, the marker. */
  private void expire(Step s, Instant due, String runId) {
    Changes changes = s.changes;
    changes.unexpire(due, runId);
    RunHeader h = changes.run(runId);
    if (h == null) {
      return;
    }
    if (h.expiredAt() != null) {
      changes.deleteRun(runId);
      return;
    }
    for (String model : changes.progressOf(runId).keySet()) {
      changes.deleteProgress(runId, model);
    }
    changes.putRun(h.expired(s.now));
    changes.expireAt(s.now.plus(retention), runId);
  }
}
