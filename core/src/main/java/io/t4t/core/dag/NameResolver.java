package io.t4t.core.dag;

import io.t4t.core.project.ModelName;
import io.t4t.core.sql.TableRef;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a table reference in model SQL to the model (schema.name) it addresses, if any, and says
 * which table functions read files (their first argument names a file source).
 */
@FunctionalInterface
public interface NameResolver {
  Optional<ModelName> resolve(TableRef ref);

  /** The table functions, lower-case, whose calls read files; none unless given by {@link #of}. */
  default Set<String> fileReaders() {
    return Set.of();
  }

  /** {@code names}, with {@code fileReaders} as the table functions that read files. */
  static NameResolver of(NameResolver names, Set<String> fileReaders) {
    Set<String> readers = Set.copyOf(fileReaders);
    return new NameResolver() {
      @Override
      public Optional<ModelName> resolve(TableRef ref) {
        return names.resolve(ref);
      }

      @Override
      public Set<String> fileReaders() {
        return readers;
      }
    };
  }
}
