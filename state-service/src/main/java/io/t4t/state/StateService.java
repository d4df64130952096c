package io.t4t.state;

import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelStarted;
import io.t4t.events.ModelState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Applies model events to state and history in one transaction. An event seen before (same event
 * id) changes nothing; a completion older than the stored state (lower ledger position) is recorded
 * in history but does not move state back. A redelivered run's completion (already applied) moves
 * state when its ledger position is newer, as when the original completion was never published. A
 * change of state also writes its {@code model_state} event to the outbox in the same transaction;
 * {@link StatePublisher} puts it on the topic.
 */
@ApplicationScoped
public class StateService {

  @jakarta.inject.Inject StateServiceConfig config;

  /**
   * What one event did.
   *
   * @param recorded true when the event entered the run history (first delivery of a model event)
   * @param state the model's new state when this event changed it (to publish), else empty
   */
  public record Applied(boolean recorded, Optional<ModelState> state) {
    static final Applied NOTHING = new Applied(false, Optional.empty());
    static final Applied RECORDED = new Applied(true, Optional.empty());
  }

  /** Applies one event. */
  @Transactional
  public Applied apply(Envelope e) {
    if (RunHistoryRecord.findById(e.eventId()) != null) {
      return Applied.NOTHING; // redelivered
    }
    RunHistoryRecord h = new RunHistoryRecord();
    h.eventId = e.eventId();
    h.runId = e.runId();
    h.modelName = e.key();
    h.eventType = e.type().wireName();
    h.happenedAt = LocalDateTime.ofInstant(e.time(), ZoneOffset.UTC);
    if (e.payload() instanceof ModelCompleted c) {
      h.rowsWritten = c.rows();
      h.durationMillis = c.durationMillis();
      h.runKind = c.runKind();
      h.rowsInserted = c.rowsInserted();
      h.rowsUpdated = c.rowsUpdated();
      h.rowsDeleted = c.rowsDeleted();
      h.tests = TestOutcomesJson.write(c.tests());
    } else if (e.payload() instanceof ModelFailed f) {
      h.errorCode = f.errorCode().name();
      h.message = f.message();
      h.durationMillis = f.durationMillis();
    } else if (!(e.payload() instanceof ModelStarted)) {
      return Applied.NOTHING; // not a model event
    }
    h.persist();
    // An already_applied completion carries the ledger entry of the run as first applied: it
    // moves state like the original would have, which matters when the original was lost (the
    // executor committed the run and stopped before publishing its outcome).
    if (!(e.payload() instanceof ModelCompleted c)) {
      return Applied.RECORDED;
    }
    ModelStateRecord s = ModelStateRecord.findById(c.model());
    if (s != null && s.ledgerSeq >= c.ledgerSeq()) {
      return Applied.RECORDED;
    }
    if (s == null) {
      s = new ModelStateRecord();
      s.modelName = c.model();
    }
    s.materialization = c.materialization();
    s.lastExecutionTimestamp = h.happenedAt;
    s.sqlHash = c.sqlHash();
    s.configHash = c.configHash();
    s.lastProcessedValue = c.lastProcessedValue();
    s.strategy = c.strategy();
    s.lastRunId = e.runId();
    s.ledgerSeq = c.ledgerSeq();
    s.persist();
    ModelState state = toEvent(s);
    if (config.publishState()) { // in this transaction: published after the commit, surely
      OutboxRecord out = new OutboxRecord();
      out.modelName = state.model();
      out.event = EventJson.write(Envelope.of(e.runId(), state));
      out.createdAt = LocalDateTime.now(ZoneOffset.UTC);
      out.persist();
    }
    return new Applied(true, Optional.of(state));
  }

  static ModelState toEvent(ModelStateRecord s) {
    return new ModelState(
        s.modelName,
        s.materialization,
        s.lastExecutionTimestamp,
        s.sqlHash,
        s.configHash,
        s.lastProcessedValue,
        s.strategy,
        s.lastRunId,
        s.ledgerSeq);
  }
}
