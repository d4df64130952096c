package io.t4t.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.events.ErrorCode;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void everyErrorCarriesItsCodeAndUnavailabilityIsNotAnInputError() {
    T4tException invalid = new InvalidInputException("Invalid x");
    T4tException unavailable = new UnavailableException("Cannot reach y", null);
    T4tException failed = new ModelRunException("s.m", ErrorCode.DUPLICATE_KEYS, "Cannot merge");
    assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID_MODEL);
    assertThat(invalid.retryable()).isFalse();
    assertThat(unavailable).isNotInstanceOf(InvalidInputException.class);
    assertThat(unavailable.code()).isEqualTo(ErrorCode.TRANSIENT);
    assertThat(unavailable.retryable()).isTrue();
    assertThat(failed.code()).isEqualTo(ErrorCode.DUPLICATE_KEYS);
  }
}
