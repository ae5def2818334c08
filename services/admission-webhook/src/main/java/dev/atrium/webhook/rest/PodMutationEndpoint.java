package dev.atrium.webhook.rest;

import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.inject.SidecarInjector;
import dev.atrium.webhook.kube.NamespaceDirectory;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The mutating webhook for Pod CREATE: sidecar injection ({@link SidecarInjector}). */
@Path("/mutate/pods")
public class PodMutationEndpoint {
  private final AdmissionHandler handler;
  private final SidecarInjector injector;
  private final NamespaceDirectory namespaces;

  public PodMutationEndpoint(AdmissionHandler handler, SidecarInjector injector, NamespaceDirectory namespaces) {
    this.handler = handler;
    this.injector = injector;
    this.namespaces = namespaces;
  }

  @POST
  @Blocking // namespace and mesh lookups may go to the API server or the store
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response mutate(String body) {
    return handler.handle("pods", body, request -> {
      if (!"Pod".equals(request.kind()) || !request.isCreate()) {
        return new Verdict.Allow("only Pod CREATE is injected");
      }
      return injector.inject(request.object(), namespaces.get(request.namespace()));
    });
  }
}
