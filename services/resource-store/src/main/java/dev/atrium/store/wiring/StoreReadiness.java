package dev.atrium.store.wiring;

import dev.atrium.store.backend.StoreBackend;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the backend answers; reports the current revision. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
  private final StoreBackend backend;

  public StoreReadiness(StoreBackend backend) {
    this.backend = backend;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      return HealthCheckResponse.named("store").up().withData("revision", backend.revision()).build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("store").down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
