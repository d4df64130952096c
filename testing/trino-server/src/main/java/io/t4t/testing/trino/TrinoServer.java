package io.t4t.testing.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real single-node Trino: coordinator and worker in one JVM of version 24 or later, loopback
 * only, only the Iceberg plugin loaded. Catalogs are created at run time ({@code CREATE CATALOG},
 * {@code catalog.management=dynamic}), each an Iceberg catalog with a file metastore in a folder of
 * its own, so every test can have a fresh one.
 *
 * <p>Where things come from:
 *
 * <ul>
 *   <li>The tarball: system property {@code t4t.trino.tarball}, else the path of the {@code
 *       io.trino:trino-server:tar.gz} dependency the build recorded, else the local Maven
 *       repository.
 *   <li>The unpacked server: {@code t4t.trino.home}, else the build's {@code target/trino}.
 *       Unpacked once with the system's {@code tar} (the tarball holds hard links).
 *   <li>The JDK: {@code TRINO_JAVA_HOME}, else the first JDK of version 24 or later found under
 *       {@code /usr/lib/jvm}, {@code /opt/java} or {@code /usr/java}.
 * </ul>
 */
public final class TrinoServer implements AutoCloseable {
  public static final String VERSION = "476";
  private static final int MIN_JAVA = 24;

  private static TrinoServer shared;
  private static String sharedFailure;

  private final Process process;
  private final int port;
  private final Path work;

  private TrinoServer(Process process, int port, Path work) {
    this.process = process;
    this.port = port;
    this.work = work;
  }

  /** The HTTP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** A JDBC URL for {@code catalog}. */
  public String jdbcUrl(String catalog) {
    return "jdbc:trino://127.0.0.1:" + port + "/" + catalog;
  }

  /** Opens a JDBC connection to {@code catalog} as user {@code t4t}. */
  public Connection connect(String catalog) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "t4t");
    return DriverManager.getConnection(jdbcUrl(catalog), p);
  }

  /**
   * Creates an Iceberg catalog named {@code name} whose tables live in a folder of their own (the
   * file metastore keeps its metadata there too).
   */
  public void createCatalog(String name) {
    Path location = work.resolve("catalogs").resolve(name);
    try {
      Files.createDirectories(location);
      try (Connection c = connect("system");
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE CATALOG "
                + name
                + " USING iceberg WITH (\"iceberg.catalog.type\" = 'TESTING_FILE_METASTORE',"
                + " \"hive.metastore.catalog.dir\" = 'local:///', \"fs.native-local.enabled\" ="
                + " 'true', \"local.location\" = '"
                + location.toAbsolutePath().toString().replace("'", "''")
                + "')");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create Trino catalog " + name, e);
    }
  }

  /**
   * The server shared by every test of this JVM, started on first use and stopped when the JVM
   * exits; empty when it cannot run here (no JDK 24+, no tarball), with {@link #unavailable()}
   * saying why and how to enable it.
   */
  public static synchronized Optional<TrinoServer> shared() {
    if (sharedFailure != null && sharedFailure.startsWith("Trino did not start")) {
      throw new IllegalStateException(sharedFailure);
    }
    if (shared == null && sharedFailure == null) {
      Optional<Path> java = javaHome();
      if (java.isEmpty()) {
        sharedFailure =
            "Trino tests skipped: Trino "
                + VERSION
                + " needs a JDK "
                + MIN_JAVA
                + " or later and none was found; set TRINO_JAVA_HOME to one to run them";
        System.err.println(sharedFailure);
        return Optional.empty();
      }
      try {
        TrinoServer s = start(unpacked(), java.get(), "2G");
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        shared = s;
      } catch (RuntimeException e) {
        // remembered: every later test fails at once with this, instead of waiting again
        sharedFailure = "Trino did not start: " + e.getMessage();
        throw e;
      }
    }
    return Optional.ofNullable(shared);
  }

  /** Why {@link #shared()} is empty, or null. */
  public static synchronized String unavailable() {
    return sharedFailure;
  }

  /** The JDK Trino runs on: TRINO_JAVA_HOME, else the first JDK 24+ in the usual places. */
  public static Optional<Path> javaHome() {
    String configured = System.getenv("TRINO_JAVA_HOME");
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      if (javaVersion(home) < MIN_JAVA) {
        throw new IllegalStateException(
            "TRINO_JAVA_HOME="
                + configured
                + " is not a JDK "
                + MIN_JAVA
                + " or later (Trino "
                + VERSION
                + " needs one)");
      }
      return Optional.of(home);
    }
    return javaHome(List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"), Path.of("/usr/java")));
  }

  /** The first JDK 24+ directly under one of {@code roots}, in name order. */
  static Optional<Path> javaHome(List<Path> roots) {
    List<Path> candidates = new ArrayList<>();
    for (Path dir : roots) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> list = Files.list(dir)) {
          list.sorted().forEach(candidates::add);
        } catch (IOException e) {
          // an unreadable folder holds no JDK we can use
        }
      }
    }
    return candidates.stream()
        .filter(h -> !Files.isSymbolicLink(h) && javaVersion(h) >= MIN_JAVA)
        .findFirst();
  }

  /** The feature version in a JDK's {@code release} file, or 0. */
  static int javaVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String major = v.split("[.+-]")[0];
          return Integer.parseInt(major);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** A setting: the system property {@code t4t.trino.<key>}, else what the build recorded. */
  private static String setting(String key) {
    String value = System.getProperty("t4t.trino." + key);
    if (value != null && !value.isBlank()) {
      return value;
    }
    try (var in = TrinoServer.class.getResourceAsStream("/t4t-trino.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key);
    } catch (IOException e) {
      return null;
    }
  }

  /** The tarball: {@code t4t.trino.tarball}, else the local Maven repository's copy. */
  static Path tarball() {
    String configured = setting("tarball");
    if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
      return Path.of(configured);
    }
    String repo =
        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
    Path p = Path.of(repo, "io/trino/trino-server", VERSION, "trino-server-" + VERSION + ".tar.gz");
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          "Cannot find the Trino server tarball at "
              + p
              + ": run ./mvnw dependency:get -Dartifact=io.trino:trino-server:"
              + VERSION
              + ":tar.gz, or set -Dt4t.trino.tarball");
    }
    return p;
  }

  /**
   * The unpacked server, unpacked once with the system's {@code tar} (whole: plugins share jars
   * through hard links).
   */
  public static synchronized Path unpacked() {
    String configured = setting("home");
    Path into =
        configured != null && !configured.isBlank() && !configured.startsWith("${")
            ? Path.of(configured)
            : Path.of(
                System.getProperty("java.io.tmpdir"),
                "t4t-trino-" + System.getProperty("user.name"));
    String dir = "trino-server-" + VERSION;
    Path home = into.resolve(dir);
    Path done = into.resolve(dir + ".unpacked");
    if (Files.exists(done)) {
      return home;
    }
    try {
      Files.createDirectories(into);
      Process tar =
          new ProcessBuilder("tar", "-xzf", tarball().toString(), "-C", into.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (tar.waitFor() != 0) {
        throw new IllegalStateException("Cannot unpack the Trino tarball: " + out);
      }
      Files.writeString(done, VERSION);
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a server from an unpacked {@code home} on {@code javaHome} with heap {@code heap} (e.g.
   * {@code 2G}) and waits until it accepts queries.
   */
  public static TrinoServer start(Path home, Path javaHome, String heap) {
    try {
      int port = freePort();
      Path work = Files.createTempDirectory("t4t-trino-");
      Path etc = Files.createDirectories(work.resolve("etc"));
      Files.createDirectories(etc.resolve("catalog"));
      Path plugins = Files.createDirectories(work.resolve("plugin"));
      // only Iceberg: every other plugin would add to the start time
      Files.createSymbolicLink(plugins.resolve("iceberg"), home.resolve("plugin/iceberg"));
      long heapBytes = parseSize(heap);
      Files.writeString(
          etc.resolve("config.properties"),
          String.join(
              "\n",
              "coordinator=true",
              "node-scheduler.include-coordinator=true",
              "http-server.http.port=" + port,
              "discovery.uri=http://127.0.0.1:" + port,
              "node.internal-address=127.0.0.1",
              "plugin.dir=" + plugins,
              "catalog.management=dynamic",
              "http-server.log.enabled=false",
              "query.max-memory=" + heapBytes * 6 / 10 / (1 << 20) + "MB",
              "query.max-memory-per-node=" + heapBytes * 6 / 10 / (1 << 20) + "MB",
              ""));
      List<String> command =
          List.of(
              javaHome.resolve("bin/java").toString(),
              "-Xmx" + heap,
              "-XX:+UseG1GC",
              "-XX:+ExitOnOutOfMemoryError",
              "-Djdk.attach.allowAttachSelf=true",
              "--enable-native-access=ALL-UNNAMED",
              "-Dnode.environment=t4t",
              "-Dnode.id=t4t-" + port,
              "-Dnode.data-dir=" + work.resolve("data"),
              "-Dconfig=" + etc.resolve("config.properties"),
              "-Dcatalog.config-dir=" + etc.resolve("catalog"),
              "-cp",
              home.resolve("lib") + "/*",
              "io.trino.server.TrinoServer");
      Path log = work.resolve("server.log");
      Process p =
          new ProcessBuilder(command)
              .directory(work.toFile()) // Trino writes var/ below its working directory
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      TrinoServer server = new TrinoServer(p, port, work);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!server.ready()) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            String why = tail(log, 15);
            server.close();
            throw new IllegalStateException("Trino did not start: " + why);
          }
          Thread.sleep(250);
        }
        return server;
      } catch (InterruptedException | RuntimeException e) {
        server.close(); // never leave a Trino JVM behind
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean ready() {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/v1/info").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(1000);
      if (c.getResponseCode() != 200) {
        return false;
      }
      String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return body.replace(" ", "").contains("\"starting\":false");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(work); // configuration, data and every catalog's tables
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a temporary folder
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static long parseSize(String heap) {
    String h = heap.toUpperCase(Locale.ROOT);
    long unit =
        switch (h.charAt(h.length() - 1)) {
          case 'G' -> 1L << 30;
          case 'M' -> 1L << 20;
          default -> 1;
        };
    return Long.parseLong(
            Character.isDigit(h.charAt(h.length() - 1)) ? h : h.substring(0, h.length() - 1))
        * unit;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * For scripts ({@code examples/run-on-trino}, benchmarks): starts a server, creates the catalogs
   * named after the first argument, writes the port to the file named by the first argument, and
   * runs until killed. Environment: {@code T4T_TRINO_HEAP} (default 2G).
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: TrinoServer PORT_FILE [CATALOG...]");
      System.exit(2);
    }
    Optional<Path> java = javaHome();
    if (java.isEmpty()) {
      System.err.println(
          "Trino " + VERSION + " needs a JDK " + MIN_JAVA + " or later: set TRINO_JAVA_HOME");
      System.exit(2);
    }
    String heap = System.getenv().getOrDefault("T4T_TRINO_HEAP", "2G");
    TrinoServer server = start(unpacked(), java.get(), heap);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    for (int i = 1; i < args.length; i++) {
      server.createCatalog(args[i]);
    }
    Path portFile = Path.of(args[0]);
    Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(server.port()));
    Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
    server.process.waitFor();
  }
}
