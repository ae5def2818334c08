package dev.atrium.webhook.rest;

import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.kube.NamespaceDirectory;
import dev.atrium.webhook.service.ServiceAnnotator;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The mutating webhook for Service CREATE/UPDATE: the service-upstream annotations ({@link ServiceAnnotator}). */
@Path("/mutate/services")
public class ServiceMutationEndpoint {
  private final AdmissionHandler handler;
  private final ServiceAnnotator annotator = new ServiceAnnotator();
  private final NamespaceDirectory namespaces;

  public ServiceMutationEndpoint(AdmissionHandler handler, NamespaceDirectory namespaces) {
    this.handler = handler;
    this.namespaces = namespaces;
  }

  @POST
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response mutate(String body) {
    return handler.handle("services", body, request -> {
      if (!"Service".equals(request.kind()) || !(request.isCreate() || request.isUpdate())) {
        return new Verdict.Allow("only Service CREATE/UPDATE is annotated");
      }
      return annotator.annotate(request.object(), namespaces.get(request.namespace()));
    });
  }
}
