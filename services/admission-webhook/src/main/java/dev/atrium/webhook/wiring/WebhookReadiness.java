package dev.atrium.webhook.wiring;

import dev.atrium.webhook.kube.NamespaceDirectory;
import dev.atrium.webhook.mesh.MeshDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once namespaces and meshes are loaded: before that every Pod admission would need a direct lookup. */
@Readiness
@ApplicationScoped
public class WebhookReadiness implements HealthCheck {
  private final NamespaceDirectory namespaces;
  private final MeshDirectory meshes;

  public WebhookReadiness(NamespaceDirectory namespaces, MeshDirectory meshes) {
    this.namespaces = namespaces;
    this.meshes = meshes;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("admission-webhook")
        .withData("namespaces", namespaces.ready())
        .withData("meshes", meshes.ready())
        .status(namespaces.ready() && meshes.ready())
        .build();
  }
}
