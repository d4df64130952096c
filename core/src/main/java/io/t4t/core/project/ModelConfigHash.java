package io.t4t.core.project;

import io.t4t.core.sql.Hashes;

/** The config hash stored in state: SHA-256 over the canonical config JSON. */
public final class ModelConfigHash {
  private ModelConfigHash() {}

  public static String of(ModelConfig config) {
    return Hashes.sha256(config.canonical());
  }
}
