package io.t4t.core.coordinate;

import io.t4t.events.RunRequested;
import java.time.Instant;

/**
 * One run as the coordinator keeps it; each selected model's progress is kept apart ({@link
 * ModelProgress}), so an event touches only what it changes.
 *
 * @param runId the run
 * @param request the request, its models named in full
 * @param trace the trace context the run was requested in (a W3C {@code traceparent}), carried by
 *     every event of the run so that it stays one trace; null when none
 * @param open how many selected models are not yet succeeded, failed or skipped
 * @param startedAt when the request was taken up
 * @param finishedAt when the last model finished (null while open)
 * @param expiredAt when its progress was dropped after the retention period (null until then)
 */
public record RunHeader(
    String runId,
    RunRequested request,
    String trace,
    int open,
    Instant startedAt,
    Instant finishedAt,
    Instant expiredAt) {

  public boolean done() {
    return open == 0;
  }

  RunHeader withOpen(int n, Instant now) {
    return new RunHeader(runId, request, trace, n, startedAt, n == 0 ? now : null, expiredAt);
  }

  RunHeader expired(Instant now) {
    return new RunHeader(runId, request, trace, 0, startedAt, finishedAt, now);
  }
}
