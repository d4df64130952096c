package io.t4t.e2e;

import io.smallrye.jwt.build.Jwt;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The services behind the deployed console, for its tests: the state-service, one executor and the
 * planner-service as processes on {@code project}, over an embedded broker and PostgreSQL, with
 * token checks on (T4T_API_AUTH=true). The services verify tokens with the public half of a key
 * pair made here; {@link #operator} and {@link #viewer} are signed with its private half. Closing
 * stops the processes, then PostgreSQL and the broker.
 */
final class ConsoleServices implements AutoCloseable {
  final ServiceProcesses processes = new ServiceProcesses();

  /** The folder holding the services' logs. */
  final Path logs;

  /** A bearer token of group t4t-operator: it may start runs and read history. */
  final String operator;

  /** A bearer token of group t4t-viewer: it may read history, not start a run. */
  final String viewer;

  final int state;
  final int planner;
  private final EmbeddedKafka kafka;
  private final EmbeddedPostgres pg;

  private ConsoleServices(Path project) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    logs = Files.createTempDirectory("t4t-e2e-console");
    Path publicKey = logs.resolve("public-key.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    operator = token(keys, "t4t-operator");
    viewer = token(keys, "t4t-viewer");
    state = ServiceProcesses.freePort();
    planner = ServiceProcesses.freePort();
    kafka = EmbeddedKafka.start();
    pg = startPostgres();
  }

  /** Starts the broker, PostgreSQL and the three services on {@code project}. */
  static ConsoleServices start(Path project) throws Exception {
    ConsoleServices s = new ConsoleServices(project);
    try {
      s.startProcesses(project);
      return s;
    } catch (Exception | AssertionError e) {
      s.close();
      throw e;
    }
  }

  private void startProcesses(Path project) throws Exception {
    Topics.create(kafka.bootstrapServers(), "t4t.", 2);
    Map<String, String> env =
        Map.of(
            "T4T_BOOTSTRAP_SERVERS",
            kafka.bootstrapServers(),
            "T4T_PROJECT",
            project.toString(),
            "T4T_API_AUTH",
            "true",
            "T4T_JWT_PUBLIC_KEY_FILE",
            logs.resolve("public-key.pem").toString(),
            "T4T_JWT_ISSUER",
            "t4t",
            "T4T_STATE_URL",
            "http://127.0.0.1:" + state);
    processes.startStateService(
        state, env, logs.resolve("state.log"), pg.getJdbcUrl("postgres", "postgres"), "postgres");
    processes.start(
        "executor-service", ServiceProcesses.freePort(), env, logs.resolve("executor.log"));
    processes.start("planner-service", planner, env, logs.resolve("planner.log"));
  }

  /** The planner's base address, for a browser. */
  String plannerUrl() {
    return "http://127.0.0.1:" + planner;
  }

  /** A token of issuer t4t signed with the private half of {@code keys}; a subject is required. */
  private static String token(KeyPair keys, String group) {
    return Jwt.issuer("t4t").subject("console-it").groups(Set.of(group)).sign(keys.getPrivate());
  }

  private EmbeddedPostgres startPostgres() throws IOException {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  @Override
  public void close() {
    processes.close();
    try {
      if (pg != null) {
        pg.close();
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot stop the embedded PostgreSQL", e);
    } finally {
      kafka.close();
    }
  }
}
