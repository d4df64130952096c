package io.t4t.core.project;

import io.t4t.core.sql.ModelSql;
import java.nio.file.Path;

/**
 * One model of a project.
 *
 * @param name {@code schema.name}
 * @param sqlFile the model's SQL file
 * @param sql the parsed SQL
 * @param config the validated metadata (defaults when there is no {@code .py} file)
 */
public record Model(ModelName name, Path sqlFile, ModelSql sql, ModelConfig config) {}
