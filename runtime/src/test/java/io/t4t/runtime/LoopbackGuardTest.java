package io.t4t.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackGuardTest {
  private final LoopbackGuard guard = new LoopbackGuard(() -> 8040);

  @Test
  void theServersOwnNamesAndPagesAndClientsWithoutAnOriginPass() {
    assertThat(guard.refusal("127.0.0.1:8040", null)).isNull();
    assertThat(guard.refusal("localhost:8040", "http://localhost:8040")).isNull();
    assertThat(guard.refusal("127.0.0.1:8040", "http://127.0.0.1:8040")).isNull();
  }

  @Test
  void anotherNameOrAnotherPagesOriginIsRefusedSayingWhy() {
    assertThat(guard.refusal("attacker.example:8040", null))
        .startsWith("Invalid Host 'attacker.example:8040'");
    assertThat(guard.refusal(null, null)).startsWith("Invalid Host (none)");
    assertThat(guard.refusal("127.0.0.1:8040", "http://evil.example"))
        .startsWith("Invalid Origin 'http://evil.example'");
    assertThat(guard.refusal("127.0.0.1:8040", "http://127.0.0.1:9999"))
        .startsWith("Invalid Origin");
    assertThat(guard.refusal("127.0.0.1:8040", "null")).startsWith("Invalid Origin 'null'");
  }
}
