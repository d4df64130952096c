package io.t4t.planner;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/**
 * Bearer tokens for the tests. In test mode smallrye-jwt makes a key pair for the run (no key is
 * configured): the planner verifies with its public half, {@code sign()} uses its private half.
 */
final class Tokens {
  private Tokens() {}

  /** A token of issuer t4t with {@code groups}. */
  static String token(String... groups) {
    return Jwt.issuer("t4t").subject("test").groups(Set.of(groups)).sign();
  }
}
