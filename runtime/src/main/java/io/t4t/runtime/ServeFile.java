package io.t4t.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code <project>/data/t4t-serve.json}: where a running {@code t4t serve} listens, so {@code t4t
 * notify} on the same machine finds it.
 *
 * @param bootstrapServers the Kafka cluster the server consumes
 * @param port the HTTP port
 * @param pid the server's process id
 */
public record ServeFile(String bootstrapServers, int port, long pid) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static Path location(Path projectRoot) {
    return projectRoot.resolve("data").resolve("t4t-serve.json");
  }

  public void write(Path projectRoot) throws IOException {
    Files.createDirectories(location(projectRoot).getParent());
    JSON.writeValue(
        location(projectRoot).toFile(),
        Map.of("bootstrap_servers", bootstrapServers, "port", port, "pid", pid));
  }

  /** Reads it, or fails with what to do when no server runs for the project. */
  public static ServeFile read(Path projectRoot) {
    return read(projectRoot, "notify");
  }

  /**
   * Reads it, or fails with what to do when no server runs for the project.
   *
   * @param what the command that needs it, for the message ("Cannot {what}: ...")
   */
  public static ServeFile read(Path projectRoot, String what) {
    Path file = location(projectRoot);
    if (!Files.exists(file)) {
      throw new InvalidInputException(
          "Cannot "
              + what
              + ": no t4t serve is running for "
              + projectRoot
              + " (start one with `t4t serve "
              + projectRoot
              + "`, or pass --bootstrap-servers)");
    }
    try {
      var node = JSON.readTree(file.toFile());
      return new ServeFile(
          node.get("bootstrap_servers").asText(),
          node.get("port").asInt(),
          node.get("pid").asLong());
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "Invalid " + file + ": " + e.getMessage() + " (delete it)", e);
    }
  }
}
