package io.t4t.operations;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a service whose REST API requires bearer tokens ({@code t4t.api.auth}, from
 * {@code T4T_API_AUTH}) when the key that verifies them is missing: otherwise every request that
 * needs a token would fail with a server error instead of the service saying at once what to mount.
 * A service without token checks never sets the key location, and the check passes.
 */
@ApplicationScoped
public class ApiAuthCheck {
  @ConfigProperty(name = "t4t.api.auth", defaultValue = "true")
  boolean required;

  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> keyLocation;

  @ConfigProperty(name = "quarkus.application.name", defaultValue = "t4t")
  String service;

  void check(@Observes StartupEvent started) {
    Optional<String> missing = missingKey(required, keyLocation);
    if (missing.isPresent()) {
      throw new IllegalStateException(
          "The "
              + service
              + " REST API requires bearer tokens, but the key that verifies them is not at "
              + missing.get()
              + ": mount the public key (PEM) from a Secret there or point T4T_JWT_PUBLIC_KEY_FILE"
              + " at it; only on a laptop, set T4T_API_AUTH=false to accept requests without a"
              + " token");
    }
  }

  /** The key file that is required but unreadable, if any. */
  static Optional<String> missingKey(boolean required, Optional<String> keyLocation) {
    if (!required || keyLocation.isEmpty()) {
      return Optional.empty(); // off, or a test run's generated key pair
    }
    String location = keyLocation.get();
    if (location.contains("://") && !location.startsWith("file:")) {
      return Optional.empty(); // a URL (a JWKS endpoint, say) is read when the first token arrives
    }
    Path file = Path.of(location.startsWith("file:") ? location.substring(5) : location);
    return Files.isReadable(file) ? Optional.empty() : Optional.of(file.toString());
  }
}
