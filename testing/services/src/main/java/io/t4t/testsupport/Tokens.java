package io.t4t.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/**
 * Bearer tokens for the services' tests. In test mode smallrye-jwt makes a key pair for the run (no
 * key is configured): a service verifies with its public half, {@code sign()} uses its private
 * half.
 */
public final class Tokens {
  private Tokens() {}

  /** A token of issuer t4t with {@code groups}. */
  public static String token(String... groups) {
    return Jwt.issuer("t4t").subject("test").groups(Set.of(groups)).sign();
  }
}
