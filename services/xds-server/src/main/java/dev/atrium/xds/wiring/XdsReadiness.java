package dev.atrium.xds.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the store's state is loaded: before that, proxies would be refused. */
@Readiness
@ApplicationScoped
public class XdsReadiness implements HealthCheck {
  private final XdsEngine engine;

  public XdsReadiness(XdsEngine engine) {
    this.engine = engine;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("store-follower").status(engine.follower().synced())
        .withData("revision", engine.follower().revision())
        .withData("connectedProxies", engine.reconciler().connectedCount())
        .build();
  }
}
