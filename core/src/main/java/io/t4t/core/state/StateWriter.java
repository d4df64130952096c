package io.t4t.core.state;

import io.t4t.core.execute.LedgerEntry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Writes the state projection on a thread of its own, off a run's critical path: opening a second
 * database file and committing to it cost tens of milliseconds per run. Writes are applied in
 * order. A failed write never fails a model (its data and ledger row are committed); it is
 * reported, and the next run rewrites the projection from the ledger.
 */
public final class StateWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "t4t-state-writer");
            t.setDaemon(true);
            return t;
          });
  private final CompletableFuture<StateStore> store;
  private volatile RuntimeException failure;

  private StateWriter(Supplier<StateStore> opener, Map<String, LedgerEntry> latest) {
    this.store = CompletableFuture.supplyAsync(opener, thread);
    submit(s -> s.sync(latest));
  }

  /** Opens the store and brings it in line with the ledger, both in the background. */
  public static StateWriter start(Supplier<StateStore> opener, Map<String, LedgerEntry> latest) {
    return new StateWriter(opener, Map.copyOf(latest));
  }

  /** Entries not written yet: the writer takes all there are at once, in one transaction. */
  private final java.util.concurrent.ConcurrentLinkedQueue<LedgerEntry> pending =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  public void apply(LedgerEntry entry) {
    pending.add(entry);
    submit(
        s -> {
          java.util.List<LedgerEntry> batch = new java.util.ArrayList<>();
          for (LedgerEntry e = pending.poll(); e != null; e = pending.poll()) {
            batch.add(e);
          }
          if (!batch.isEmpty()) { // an earlier task took this entry with its own
            s.applyAll(batch);
          }
        });
  }

  private void submit(java.util.function.Consumer<StateStore> write) {
    thread.execute(
        () -> {
          if (failure != null) {
            return;
          }
          try {
            write.accept(store.join());
          } catch (RuntimeException e) {
            failure =
                e instanceof java.util.concurrent.CompletionException c
                        && c.getCause() instanceof RuntimeException r
                    ? r
                    : e;
          }
        });
  }

  /** Waits for every write, closes the store, and reports a failure as a warning. */
  @Override
  public void close() {
    thread.execute(
        () -> {
          if (!store.isCompletedExceptionally()) {
            store.join().close();
          }
        });
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
        LOG.warning("Gave up waiting for the state file: it is rewritten from the ledger next run");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      LOG.warning(
          "Cannot write the state file ("
              + failure.getMessage()
              + "); the runs are committed with their ledger rows and the state file is"
              + " rewritten from the ledger on the next run");
    }
  }
}
