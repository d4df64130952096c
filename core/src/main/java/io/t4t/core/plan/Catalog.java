package io.t4t.core.plan;

import io.t4t.core.dialect.TableName;

/** Read-only questions the planner asks the warehouse. */
public interface Catalog {
  TargetInfo describe(TableName table);
}
