package io.t4t.core.project;

import java.nio.file.Path;

/** A CSV file under {@code seeds/<schema>/<table>.csv}, loaded by {@code t4t seed}. */
public record Seed(String schema, String table, Path file) {}
