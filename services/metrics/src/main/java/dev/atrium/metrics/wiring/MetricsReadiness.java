package dev.atrium.metrics.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the store's state is loaded and published: before that, discovery answers 503. */
@Readiness
@ApplicationScoped
public class MetricsReadiness implements HealthCheck {
  private final MetricsEngine engine;

  public MetricsReadiness(MetricsEngine engine) {
    this.engine = engine;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("store-follower").status(engine.updater().ready())
        .withData("revision", engine.follower().revision())
        .withData("targets", engine.updater().published().targets().size())
        .build();
  }
}
