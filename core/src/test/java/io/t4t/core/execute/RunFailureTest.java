package io.t4t.core.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.events.ErrorCode;
import org.junit.jupiter.api.Test;

/** What a failure record says: its outcome by error code, and the first line of its error. */
class RunFailureTest {
  private static RunFailure of(ErrorCode code, String message) {
    return RunFailure.of("r1", "an.m", "incremental", "2024-01-01", null, code, message, 5L);
  }

  @Test
  void theOutcomeNamesWhatStoppedTheRun() {
    assertThat(of(ErrorCode.AUDIT_FAILED, "x").outcome()).isEqualTo("audit_failed");
    assertThat(of(ErrorCode.SCHEMA_CHANGED, "x").outcome()).isEqualTo("refused");
    assertThat(of(ErrorCode.MATERIALIZATION_CHANGED, "x").outcome()).isEqualTo("refused");
    assertThat(of(ErrorCode.UPSTREAM_FAILED, "x").outcome()).isEqualTo("skipped");
    assertThat(of(ErrorCode.SQL_ERROR, "x").outcome()).isEqualTo("failed");
    assertThat(of(ErrorCode.TRANSIENT, "x").outcome()).isEqualTo("failed");
    assertThat(of(ErrorCode.SQL_ERROR, "x").errorCode()).isEqualTo("SQL_ERROR");
  }

  @Test
  void theErrorKeepsTheFirstLineAndAtMostFiveHundredCharacters() {
    assertThat(of(ErrorCode.SQL_ERROR, "Cannot run model an.m: boom\n  LINE 1: SELECT ...").error())
        .isEqualTo("Cannot run model an.m: boom");
    String error =
        of(ErrorCode.AUDIT_FAILED, "Cannot publish an.m: " + "(1, a), ".repeat(200)).error();
    assertThat(error)
        .hasSize(RunFailure.MAX_ERROR)
        .startsWith("Cannot publish an.m: ")
        .endsWith("...");
  }
}
