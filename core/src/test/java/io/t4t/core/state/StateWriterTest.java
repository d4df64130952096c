package io.t4t.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.execute.LedgerEntry;
import io.t4t.events.ModelState;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file written on its own thread, in batches, ends as the entries' order says. */
class StateWriterTest {
  @TempDir Path dir;

  private static LedgerEntry entry(long seq, String model, String kind, String watermark) {
    return new LedgerEntry(
        seq,
        "run-" + seq,
        model,
        kind,
        "incremental",
        "append",
        "sql",
        "config",
        watermark,
        1,
        LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(seq));
  }

  @Test
  void entriesAppliedInBatchesEndAsAppliedOneByOne() {
    Path file = dir.resolve("tee_state.db");
    StateWriter writer = StateWriter.start(() -> DuckDbStateStore.open(file), Map.of());
    long seq = 0;
    for (int i = 0; i < 500; i++) { // faster than the writer: later entries wait in batches
      writer.apply(entry(++seq, "s.a", LedgerEntry.APPLIED, "a" + i));
      writer.apply(entry(++seq, "s.b", LedgerEntry.APPLIED, "b" + i));
    }
    writer.apply(entry(++seq, "s.a", LedgerEntry.RESET, null)); // a reset after its runs
    writer.apply(entry(++seq, "s.c", LedgerEntry.RESET, null));
    writer.apply(entry(++seq, "s.c", LedgerEntry.APPLIED, "c")); // a run after a reset
    writer.close();

    try (DuckDbStateStore store = DuckDbStateStore.open(file)) {
      Map<String, ModelState> all = store.all();
      assertThat(all).containsOnlyKeys("s.b", "s.c");
      assertThat(all.get("s.b").lastProcessedValue()).isEqualTo("b499");
      assertThat(all.get("s.c").lastProcessedValue()).isEqualTo("c");
      assertThat(all.get("s.c").ledgerSeq()).isEqualTo(seq);
    }
  }
}
