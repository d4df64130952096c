package io.t4t.core.dialect;

import io.t4t.core.project.ModelName;

/** A table addressed by schema and name (the catalog is the connection's). */
public record TableName(String schema, String name) {
  public static TableName of(ModelName model) {
    return new TableName(model.schema(), model.name());
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
