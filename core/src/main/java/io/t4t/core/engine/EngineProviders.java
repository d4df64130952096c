package io.t4t.core.engine;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.ConnectionFormat;
import io.t4t.core.project.ConnectionFormats;
import io.t4t.core.project.EngineType;
import io.t4t.core.project.Project;
import java.util.List;

/**
 * The registry of engine providers: those listed in {@code
 * META-INF/services/io.t4t.core.project.ConnectionFormat}, one per {@link EngineType}.
 */
public final class EngineProviders {
  private EngineProviders() {}

  public static List<EngineProvider> all() {
    return ConnectionFormats.all().stream().map(EngineProviders::provider).toList();
  }

  public static EngineProvider of(EngineType type) {
    return provider(ConnectionFormats.of(type));
  }

  public static EngineProvider of(Project project) {
    return of(project.connection().type());
  }

  /**
   * What {@code e} reports, read by the provider whose dialect {@code dialect} is; a dialect no
   * provider names (a test's) gets {@link EngineProvider#standard}.
   */
  public static Failure classify(Dialect dialect, Exception e) {
    for (EngineProvider p : all()) {
      if (p.dialect().getClass() == dialect.getClass()) {
        return p.classify(e);
      }
    }
    return EngineProvider.standard(dialect, e);
  }

  private static EngineProvider provider(ConnectionFormat format) {
    if (format instanceof EngineProvider p) {
      return p;
    }
    throw new IllegalStateException(
        "Cannot use " + format.getClass().getName() + " as an engine: it is no EngineProvider");
  }
}
