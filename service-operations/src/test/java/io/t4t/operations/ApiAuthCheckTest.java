package io.t4t.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAuthCheckTest {
  @TempDir Path dir;

  @Test
  void aRequiredKeyThatIsNotThereIsNamed() throws Exception {
    Path key = dir.resolve("public-key.pem");
    assertThat(ApiAuthCheck.missingKey(true, Optional.of(key.toString()))).contains(key.toString());
    assertThat(ApiAuthCheck.missingKey(true, Optional.of("file:" + key))).contains(key.toString());
    Files.writeString(key, "-----BEGIN PUBLIC KEY-----");
    assertThat(ApiAuthCheck.missingKey(true, Optional.of(key.toString()))).isEmpty();
  }

  @Test
  void noKeyIsNeededWhenTokensAreOffOrTheKeyIsAUrl() {
    assertThat(ApiAuthCheck.missingKey(false, Optional.of("/nowhere/key.pem"))).isEmpty();
    assertThat(ApiAuthCheck.missingKey(true, Optional.empty())).isEmpty();
    assertThat(ApiAuthCheck.missingKey(true, Optional.of("https://issuer/jwks"))).isEmpty();
  }
}
