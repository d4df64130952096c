package io.t4t.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.coordinate.ModelProgress;
import io.t4t.core.coordinate.Status;
import io.t4t.events.ErrorCode;
import io.t4t.events.TestOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The coordinator's state entries survive the stores, and entries of older builds still read. */
class StateSerdeTest {
  @Test
  void aModelsResultAndBucketsSurviveTheStore() {
    ModelProgress p =
        new ModelProgress(
            Status.FAILED,
            2,
            1,
            "Bucket 2 of 3 failed",
            ErrorCode.SQL_ERROR,
            new ModelProgress.Buckets(
                3, Set.of(0), Map.of(2, 2), true, Map.of(0, 10L), Map.of(2, "division by zero")),
            new ModelProgress.Result(
                12,
                10L,
                2L,
                null,
                250,
                "incremental",
                4,
                List.of(new TestOutcome("unique(id)", "warn", false, List.of("(1)")))));
    assertThat(StateSerde.progress(StateSerde.write(p))).isEqualTo(p);
  }

  @Test
  void aProgressWrittenBeforeResultsAndBucketRowsWereKeptStillReads() {
    String old =
        "{\"status\":\"RUNNING\",\"attempt\":1,\"replans\":0,\"message\":\"1 of 2 buckets\","
            + "\"error\":null,\"buckets\":{\"count\":2,\"applied\":[0],\"attempts\":{\"1\":2},"
            + "\"finishing\":false}}";
    ModelProgress p = StateSerde.progress(old.getBytes(StandardCharsets.UTF_8));
    assertThat(p.status()).isEqualTo(Status.RUNNING);
    assertThat(p.result()).isNull();
    assertThat(p.buckets())
        .isEqualTo(
            new ModelProgress.Buckets(2, Set.of(0), Map.of(1, 2), false, Map.of(), Map.of()));
  }
}
