package io.t4t.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of examples/ projects (without data/) for the runtime's tests. */
final class Examples {
  private Examples() {}

  static Path copy(String name, Path to) throws IOException {
    Path from = Path.of("..", "examples", name).toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        String rel = from.relativize(f).toString();
        if (rel.startsWith("data")) {
          continue;
        }
        if (Files.isDirectory(f)) {
          Files.createDirectories(to.resolve(rel));
        } else {
          Files.copy(f, to.resolve(rel));
        }
      }
    }
    return to;
  }
}
