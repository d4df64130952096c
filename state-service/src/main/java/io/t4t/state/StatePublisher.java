package io.t4t.state;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The outbox relay: publishes pending {@code model_state} events in the order they were written and
 * deletes each once the broker has it. Runs after every consumed event and every second (which
 * catches rows left by a service that stopped between its commit and its publish, and retries while
 * the broker is away). One relay runs at a time across replicas (a transaction-scoped advisory
 * lock), so a model's states reach the topic in the order they were made; a crash after the send
 * and before the delete publishes the row again, with the same event id (decision 0005).
 */
@ApplicationScoped
public class StatePublisher {
  private static final Logger LOG = Logger.getLogger("StatePublisher");
  private static final int BATCH = 50;
  private static final long LOCK = 0x7434_5354L; // the advisory lock of the outbox relay

  @Inject EntityManager em;

  @Inject
  @Channel("model-state")
  Emitter<Record<String, byte[]>> modelState;

  /** Publishes what is pending; a failure leaves the rows for the next call. */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void everySecond() {
    publishPendingQuietly();
  }

  /** Publishes what is pending, logging (not throwing) a failure: the rows stay for later. */
  public void publishPendingQuietly() {
    try {
      while (publishPending() == BATCH) {
        // more to do
      }
    } catch (RuntimeException e) {
      LOG.warning("Cannot publish model state yet (it stays in the outbox): " + e);
    }
  }

  /** Publishes up to one batch of pending rows in one transaction; returns how many. */
  @Transactional
  @SuppressWarnings("unchecked")
  synchronized int publishPending() {
    // one relay at a time across replicas, so each model's states reach the topic in order
    Object mine =
        em.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK + ")").getSingleResult();
    if (!Boolean.TRUE.equals(mine)) {
      return 0;
    }
    List<OutboxRecord> rows =
        em.createNativeQuery(
                "SELECT * FROM state_outbox ORDER BY id LIMIT " + BATCH, OutboxRecord.class)
            .getResultList();
    // sent together, awaited together: a slow broker costs one wait, well inside the transaction
    List<java.util.concurrent.CompletableFuture<Void>> sent = new java.util.ArrayList<>();
    for (OutboxRecord row : rows) {
      sent.add(modelState.send(Record.of(row.modelName, row.event)).toCompletableFuture());
    }
    try {
      java.util.concurrent.CompletableFuture.allOf(
              sent.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .get(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing model state", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot publish " + rows.size() + " model state(s): " + e.getMessage(), e);
    }
    rows.forEach(OutboxRecord::delete);
    return rows.size();
  }
}
