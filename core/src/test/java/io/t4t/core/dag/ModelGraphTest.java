package io.t4t.core.dag;

import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.run.Engine;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelGraphTest {

  @Test
  void ordersDependenciesFirstAndSeparatesSources() {
    Project p =
        project(
            model("s.c", "SELECT * FROM s.b JOIN raw.x USING (id)", null),
            model("s.b", "SELECT * FROM a", null), // unqualified: the connection's schema
            model("main.a", "SELECT * FROM p.src", null), // p is the database file's name
            model("s.d", "SELECT * FROM s.d", null)); // reading itself is no edge
    ModelGraph g = ModelGraph.build(p, Engine.resolver(p));
    assertThat(g.order())
        .extracting(ModelName::toString)
        .containsExactly("main.a", "s.b", "s.c", "s.d");
    assertThat(g.upstream(ModelName.parse("s.c"))).containsExactly(ModelName.parse("s.b"));
    assertThat(g.sources(ModelName.parse("s.c")))
        .extracting(Object::toString)
        .containsExactly("raw.x");
    assertThat(g.sources(ModelName.parse("main.a")))
        .extracting(Object::toString)
        .containsExactly("p.src");
    assertThat(g.withDownstream(Set.of(ModelName.parse("main.a"))))
        .extracting(ModelName::toString)
        .containsExactly("main.a", "s.b", "s.c");
  }

  @Test
  void aCycleIsAnErrorNamingIt() {
    Project p =
        project(
            model("s.a", "SELECT * FROM s.c", null),
            model("s.b", "SELECT * FROM s.a", null),
            model("s.c", "SELECT * FROM s.b", null),
            model("s.ok", "SELECT 1", null));
    assertThatThrownBy(() -> ModelGraph.build(p, Engine.resolver(p)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("s.a -> s.b -> s.c -> s.a");
  }

  @Test
  void aRelationshipsTestNamingAModelRunsItsModelAfterThatModel() {
    String test =
        "{'tests': [{'test': 'relationships', 'column': 'c', 'to': '%s', 'field': 'id'}]}";
    Project p =
        project(
            model("a.child", "SELECT 1 AS c", test.formatted("z.parent")),
            model("z.parent", "SELECT 1 AS id", test.formatted("z.parent")), // itself: no edge
            model("a.other", "SELECT 1 AS c", test.formatted("raw.src"))); // a source: no edge
    ModelGraph g = ModelGraph.build(p, Engine.resolver(p));
    assertThat(g.order())
        .extracting(ModelName::toString)
        .containsExactly("a.other", "z.parent", "a.child");
    assertThat(g.upstream(ModelName.parse("a.child"))).containsExactly(ModelName.parse("z.parent"));
    assertThat(g.withDownstream(Set.of(ModelName.parse("z.parent"))))
        .extracting(ModelName::toString)
        .containsExactly("a.child", "z.parent");
    // but a.child does not read z.parent's rows: new data or a backfill of z.parent leaves it
    assertThat(g.withReaders(Set.of(ModelName.parse("z.parent"))))
        .extracting(ModelName::toString)
        .containsExactly("z.parent");
    assertThat(g.readsFrom(ModelName.parse("a.child"))).isEmpty();
    assertThat(g.readersOf(ModelName.parse("z.parent"))).isEmpty();
    assertThat(g.sources(ModelName.parse("a.child"))).isEmpty();
  }

  @Test
  void aCycleThroughARelationshipsTestIsAnErrorNamingIt() {
    Project p =
        project(
            model("s.a", "SELECT * FROM s.b", null),
            model(
                "s.b",
                "SELECT 1 AS c",
                "{'tests': [{'test': 'relationships', 'column': 'c', 'to': 's.a', 'field': 'c'}]}"));
    assertThatThrownBy(() -> ModelGraph.build(p, Engine.resolver(p)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("s.a -> s.b -> s.a")
        .hasMessageEndingWith("a relationships test's 'to' counts as one)");
  }
}
