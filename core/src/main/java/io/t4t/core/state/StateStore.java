package io.t4t.core.state;

import io.t4t.core.execute.LedgerEntry;
import io.t4t.events.ModelState;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Keeps the {@code tee_model_state} projection of the run ledger. The ledger in the target database
 * is the record; a store only mirrors it for people and tools that read state.
 */
public interface StateStore extends AutoCloseable {

  /** All models' state by model name. */
  Map<String, ModelState> all();

  /** Writes a model's state from an applied entry, or removes it for a reset. Idempotent. */
  void apply(LedgerEntry entry);

  /**
   * Applies entries in order; a store that can writes them in one transaction (one commit for many
   * model runs instead of one each).
   */
  default void applyAll(java.util.List<LedgerEntry> entries) {
    entries.forEach(this::apply);
  }

  /** Removes a model's state. */
  void remove(String model);

  @Override
  void close();

  /**
   * Makes the store equal to the projection of the ledger's newest entries: rows the ledger does
   * not back (another database, a lost commit) are replaced or removed.
   */
  default void sync(Map<String, LedgerEntry> latest) {
    Logger log = Logger.getLogger("ExecutionEngine");
    Map<String, ModelState> stored = all();
    Map<String, ModelState> wanted = project(latest);
    for (Map.Entry<String, ModelState> e : wanted.entrySet()) {
      if (!e.getValue().equals(stored.get(e.getKey()))) {
        if (stored.containsKey(e.getKey())) {
          log.info("Recovered state of " + e.getKey() + " from the run ledger");
        }
        apply(latest.get(e.getKey()));
      }
    }
    for (String model : stored.keySet()) {
      if (!wanted.containsKey(model)) {
        log.info("Removed state of " + model + ": the warehouse's run ledger has none");
        remove(model);
      }
    }
  }

  /** The state the ledger's newest entries describe (resets describe none). */
  static Map<String, ModelState> project(Map<String, LedgerEntry> latest) {
    Map<String, ModelState> out = new TreeMap<>();
    for (LedgerEntry e : latest.values()) {
      if (e.kind().equals(LedgerEntry.APPLIED)) {
        out.put(e.model(), e.toState());
      }
    }
    return out;
  }
}
