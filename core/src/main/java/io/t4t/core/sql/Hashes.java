package io.t4t.core.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes t4t stores: of canonical model SQL, of configs, of stage table names. */
public final class Hashes {
  private Hashes() {}

  /** SHA-256 of the text's UTF-8 bytes, as 64 lower-case hex digits. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform must provide SHA-256
    }
  }
}
