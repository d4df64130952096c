package io.t4t.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void aDatabaseOrBrokerAwayIsTransientAndABadRecordIsNot() {
    // PostgreSQL gone (08006), shutting down (57P01), a deadlock (40P01): try again later
    assertThat(Failures.isTransient(wrapped(new SQLException("gone", "08006")))).isTrue();
    assertThat(Failures.isTransient(wrapped(new SQLException("stopping", "57P01")))).isTrue();
    assertThat(Failures.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
    assertThat(Failures.isTransient(new SQLTransientConnectionException("pool"))).isTrue();
    assertThat(Failures.isTransient(wrapped(new ConnectException("refused")))).isTrue();
    assertThat(Failures.isTransient(new SQLException("Sorry, acquisition timeout!"))).isTrue();
    assertThat(Failures.isTransient(new SQLException("dup", "23505"))).isTrue();
    // the same record fails the same way every time
    assertThat(Failures.isTransient(new EventFormatException("Invalid model_state payload")))
        .isFalse();
    assertThat(Failures.isTransient(new SQLException("syntax", "42601"))).isFalse();
    assertThat(Failures.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  private static RuntimeException wrapped(Exception e) {
    return new IllegalStateException("Cannot read the run ledger", e);
  }
}
