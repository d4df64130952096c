package io.t4t.core.coordinate;

import io.t4t.core.project.ModelName;
import io.t4t.events.MergeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Retries after a back-off: a model's command, or one bucket's merge task, sent again once the wait
 * (doubling with each attempt) has passed. Waiting retries live in the {@link Schedule}; a retry
 * whose run moved on meanwhile is dropped when due.
 */
final class Retries {
  private final Release release;
  private final Duration backoff;

  Retries(Release release, Duration backoff) {
    this.release = release;
    this.backoff = backoff;
  }

  /**
   * Sends attempt {@code attempt} after its back-off (at once when the back-off is zero).
   *
   * @param bucket the bucket to send again, or -1 for the model's command
   * @param buckets how many buckets (0 for a model)
   */
  void later(Step s, String runId, String model, int bucket, int buckets, int attempt) {
    Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 2, 10));
    if (wait.isZero()) {
      fire(s, new Schedule.Retry(s.now, runId, model, bucket, buckets, attempt));
      return;
    }
    Schedule sc = s.changes.schedule();
    List<Schedule.Retry> r = new ArrayList<>(sc.retries());
    r.add(new Schedule.Retry(s.now.plus(wait), runId, model, bucket, buckets, attempt));
    s.changes.putSchedule(new Schedule(sc.window(), r));
  }

  /** Sends every retry whose back-off has passed. */
  void fireDue(Step s) {
    Schedule sc = s.changes.schedule();
    List<Schedule.Retry> due = sc.retries().stream().filter(r -> !r.due().isAfter(s.now)).toList();
    if (!due.isEmpty()) {
      List<Schedule.Retry> later = new ArrayList<>(sc.retries());
      later.removeAll(due);
      s.changes.putSchedule(new Schedule(s.changes.schedule().window(), later));
      due.forEach(r -> fire(s, r));
    }
  }

  private void fire(Step s, Schedule.Retry r) {
    if (!s.running(r.runId(), r.model())) {
      return; // the run moved on meanwhile
    }
    if (r.bucket() < 0) {
      release.command(s, r.runId(), ModelName.parse(r.model()), r.attempt());
    } else {
      s.publish(r.runId(), new MergeTask(r.model(), r.bucket(), r.buckets(), r.attempt()));
    }
  }
}
