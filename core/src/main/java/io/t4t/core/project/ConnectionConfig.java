package io.t4t.core.project;

import java.nio.file.Path;

/**
 * {@code [connection]} of {@code project.toml}.
 *
 * @param type the engine
 * @param path the DuckDB database file, resolved against the project directory
 * @param schema the default schema for unqualified table references
 */
public record ConnectionConfig(EngineType type, Path path, String schema) {}
