package io.t4t.planner;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when the REST API requires tokens but the key that verifies them is missing:
 * otherwise every mutating request would fail with a server error instead of the service saying at
 * once what to mount.
 */
@ApplicationScoped
public class ApiAuthCheck {
  @ConfigProperty(name = "quarkus.http.auth.permission.mutating.enabled", defaultValue = "true")
  boolean required;

  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> keyLocation;

  void check(@Observes StartupEvent started) {
    if (!required || keyLocation.isEmpty()) {
      return; // off, or a test run's generated key pair
    }
    String location = keyLocation.get();
    if (location.contains("://") && !location.startsWith("file:")) {
      return; // a URL (a JWKS endpoint, say) is read when the first token arrives
    }
    Path file = Path.of(location.startsWith("file:") ? location.substring(5) : location);
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "The planner's REST API requires bearer tokens, but the key that verifies them is not at "
              + file
              + ": mount the public key (PEM) from a Secret there or point T4T_JWT_PUBLIC_KEY_FILE"
              + " at it; only on a laptop, set T4T_API_AUTH=false to accept requests without a"
              + " token");
    }
  }
}
