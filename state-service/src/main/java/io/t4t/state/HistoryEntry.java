package io.t4t.state;

import io.t4t.events.TestOutcome;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One row of a model's run history as {@code GET /state/{model}/history} answers it. The counts and
 * tests are null (tests: empty) for events other than completions and for records from before they
 * were kept.
 */
public record HistoryEntry(
    UUID eventId,
    String runId,
    String model,
    String eventType,
    LocalDateTime happenedAt,
    Long durationMillis,
    String runKind,
    Long rowsWritten,
    Long rowsInserted,
    Long rowsUpdated,
    Long rowsDeleted,
    List<TestOutcome> tests,
    String errorCode,
    String message) {

  static HistoryEntry of(RunHistoryRecord h) {
    return new HistoryEntry(
        h.eventId,
        h.runId,
        h.modelName,
        h.eventType,
        h.happenedAt,
        h.durationMillis,
        h.runKind,
        h.rowsWritten,
        h.rowsInserted,
        h.rowsUpdated,
        h.rowsDeleted,
        TestOutcomesJson.read(h.tests),
        h.errorCode,
        h.message);
  }
}
