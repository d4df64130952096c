package io.t4t.core.dag;

import io.t4t.core.project.ModelName;
import io.t4t.core.sql.TableRef;
import java.util.Optional;

/** Maps a table reference in model SQL to the model (schema.name) it addresses, if any. */
@FunctionalInterface
public interface NameResolver {
  Optional<ModelName> resolve(TableRef ref);
}
