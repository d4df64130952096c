package io.t4t.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageTest {
  // raw.src -> s.a -> s.b -> s.c -> s.d, and s.a -> s.x; s.lone reads nothing of ours
  private final Lineage chain =
      new Lineage(
          Graphs.of(
              Map.of(
                  "s.a", "SELECT * FROM raw.src",
                  "s.b", "SELECT * FROM s.a",
                  "s.c", "SELECT * FROM s.b",
                  "s.d", "SELECT * FROM s.c",
                  "s.x", "SELECT * FROM s.a",
                  "s.lone", "SELECT 1",
                  "marts.orders_daily", "SELECT 1",
                  "staging.orders", "SELECT 1")));

  @Test
  void focusWalksUpstreamAndDownstreamToTheDepth() {
    Lineage.View one = chain.focus("s.b", 1, 100);
    assertThat(one.nodes()).containsExactlyInAnyOrder("s.a", "s.b", "s.c");
    assertThat(one.edges())
        .containsExactlyInAnyOrder(new Lineage.Edge("s.a", "s.b"), new Lineage.Edge("s.b", "s.c"));
    assertThat(one.truncated()).isFalse();

    // upstream walks only up: s.x (a sibling) is neither upstream nor downstream of s.b
    Lineage.View two = chain.focus("s.b", 2, 100);
    assertThat(two.nodes()).containsExactlyInAnyOrder("s.a", "s.b", "s.c", "s.d");
    assertThat(chain.focus("s.a", 1, 100).nodes()).containsExactlyInAnyOrder("s.a", "s.b", "s.x");
    assertThat(chain.focus("s.b", 0, 100).nodes()).containsExactly("s.b");
    assertThat(chain.focus("s.b", 0, 100).edges()).isEmpty();
  }

  @Test
  void focusStopsAtTheLimitAndSaysSo() {
    Lineage.View v = chain.focus("s.a", 5, 3);
    assertThat(v.nodes()).hasSize(3).contains("s.a");
    assertThat(v.truncated()).isTrue();
  }

  @Test
  void anUnknownModelIsRefusedByName() {
    assertThatThrownBy(() -> chain.focus("s.nope", 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown model 's.nope'");
  }

  @Test
  void searchFindsPrefixesFirstThenSubstrings() {
    assertThat(chain.search("orders", 10)).containsExactly("marts.orders_daily", "staging.orders");
    // "a" starts s.a's name; it is only inside the others
    assertThat(chain.search("A", 3)).containsExactly("s.a", "marts.orders_daily", "staging.orders");
    assertThat(chain.search("daily", 10)).containsExactly("marts.orders_daily");
    assertThat(chain.search("s.", 2)).hasSize(2);
    assertThat(chain.search("zzz", 10)).isEmpty();
  }

  @Test
  void aTenThousandModelProjectAnswersAFocusedView() {
    // 100 layers of 100 models; each model reads two of the layer below
    Map<String, String> sql = new LinkedHashMap<>();
    for (int layer = 0; layer < 100; layer++) {
      for (int i = 0; i < 100; i++) {
        String from =
            layer == 0
                ? "raw.src"
                : "l"
                    + (layer - 1)
                    + ".m"
                    + i
                    + " JOIN l"
                    + (layer - 1)
                    + ".m"
                    + ((i + 1) % 100)
                    + " USING (id)";
        sql.put("l" + layer + ".m" + i, "SELECT * FROM " + from);
      }
    }
    Lineage big = new Lineage(Graphs.of(sql));
    assertThat(big.size()).isEqualTo(10_000);

    Lineage.View v = big.focus("l50.m7", 2, 500);
    // two layers up: m7, m8, m9 of l48 and m7, m8 of l49; two down: m6, m7 of l51 and m5..m7 of l52
    assertThat(v.nodes())
        .containsExactlyInAnyOrder(
            "l48.m7", "l48.m8", "l48.m9", "l49.m7", "l49.m8", "l50.m7", "l51.m6", "l51.m7",
            "l52.m5", "l52.m6", "l52.m7");
    assertThat(v.edges()).contains(new Lineage.Edge("l49.m8", "l50.m7"));
    assertThat(big.search("l99.m9", 20)).startsWith("l99.m9").contains("l99.m99");
  }
}
