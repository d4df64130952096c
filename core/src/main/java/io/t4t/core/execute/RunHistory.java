package io.t4t.core.execute;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A model's (or a project's) run history in one list: the ledger's applied runs and the failed
 * attempts of {@code _t4t.run_failures} (decision 0014), newest first. {@code t4t runs} prints it;
 * the console's model page shows it.
 */
public final class RunHistory {
  private RunHistory() {}

  /**
   * Both histories, newest first, at most {@code limit}: the ledger's in its own order (by
   * sequence), each failure placed before the first entry that is older than it.
   *
   * @param applied ledger entries, newest first
   * @param failed failed attempts, newest first
   * @param ofApplied how an applied run is shown
   * @param ofFailed how a failed attempt is shown
   */
  public static <T> List<T> merged(
      List<LedgerEntry> applied,
      List<RunFailure> failed,
      int limit,
      Function<LedgerEntry, T> ofApplied,
      Function<RunFailure, T> ofFailed) {
    List<T> out = new ArrayList<>();
    int a = 0;
    int f = 0;
    while (out.size() < limit && (a < applied.size() || f < failed.size())) {
      boolean failureFirst =
          a == applied.size() || (f < failed.size() && newer(failed.get(f), applied.get(a)));
      out.add(failureFirst ? ofFailed.apply(failed.get(f++)) : ofApplied.apply(applied.get(a++)));
    }
    return out;
  }

  private static boolean newer(RunFailure f, LedgerEntry e) {
    if (f.failedAt() == null || e.appliedAt() == null) {
      return f.failedAt() != null;
    }
    return f.failedAt().isAfter(e.appliedAt());
  }
}
