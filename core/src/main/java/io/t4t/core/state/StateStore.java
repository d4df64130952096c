package io.t4t.core.state;

import io.t4t.core.execute.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps model state. Implementations must make {@link #apply} idempotent. */
public interface StateStore extends AutoCloseable {

  /** All models' state by model name. */
  Map<String, ModelState> all();

  /**
   * Applies a ledger entry: an applied run upserts the model's state, a reset removes it. An entry
   * older than (or equal to) the state's ledger position changes nothing.
   */
  void apply(LedgerEntry entry);

  @Override
  void close();

  /**
   * The entries of {@code latestLedger} that the state does not reflect yet, oldest first: what a
   * crash between the target commit and the state write left behind.
   */
  static List<LedgerEntry> pending(
      Map<String, ModelState> state, Map<String, LedgerEntry> latestLedger) {
    List<LedgerEntry> out = new ArrayList<>();
    for (LedgerEntry e : latestLedger.values()) {
      ModelState s = state.get(e.model());
      boolean reflected = s == null ? e.kind().equals(LedgerEntry.RESET) : s.ledgerSeq() >= e.seq();
      if (!reflected) {
        out.add(e);
      }
    }
    out.sort(java.util.Comparator.comparingLong(LedgerEntry::seq));
    return out;
  }

  /** {@code state} with {@code entries} applied, in memory (for read-only commands). */
  static Map<String, ModelState> overlay(Map<String, ModelState> state, List<LedgerEntry> entries) {
    Map<String, ModelState> out = new TreeMap<>(state);
    for (LedgerEntry e : entries) {
      if (e.kind().equals(LedgerEntry.RESET)) {
        out.remove(e.model());
      } else {
        out.put(e.model(), ModelState.of(e));
      }
    }
    return out;
  }
}
