package io.t4t.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashesTest {
  @Test
  void sha256IsTheHexDigestOfTheUtf8Bytes() {
    assertThat(Hashes.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hashes.sha256("é")).isNotEqualTo(Hashes.sha256("e")).hasSize(64);
  }
}
