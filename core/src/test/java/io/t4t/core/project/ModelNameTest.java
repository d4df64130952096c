package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelNameTest {
  @Test
  void sortsAsItsTextDoes() {
    Random random = new Random(7);
    String alphabet = "ab_1$Z";
    for (int i = 0; i < 20_000; i++) {
      ModelName x = new ModelName(word(random, alphabet), word(random, alphabet));
      ModelName y = new ModelName(word(random, alphabet), word(random, alphabet));
      assertThat(Integer.signum(x.compareTo(y)))
          .as("%s vs %s", x, y)
          .isEqualTo(Integer.signum(x.toString().compareTo(y.toString())));
    }
    assertThat(new ModelName("a", "b").compareTo(new ModelName("A", "B"))).isZero();
  }

  private static String word(Random random, String alphabet) {
    StringBuilder b = new StringBuilder();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
