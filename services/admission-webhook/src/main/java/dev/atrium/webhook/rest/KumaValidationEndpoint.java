package dev.atrium.webhook.rest;

import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.validate.KumaResourceValidator;
import dev.atrium.webhook.validate.ModeAdmission;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The validating webhook for kuma.io objects: the multi-zone mode's rules ({@link ModeAdmission}), then
 * {@link KumaResourceValidator}; DELETE is always allowed.
 */
@Path("/validate/kuma")
public class KumaValidationEndpoint {
  private final AdmissionHandler handler;
  private final KumaResourceValidator validator;
  private final ModeAdmission modes;

  public KumaValidationEndpoint(AdmissionHandler handler, KumaResourceValidator validator, ModeAdmission modes) {
    this.handler = handler;
    this.validator = validator;
    this.modes = modes;
  }

  @POST
  @Blocking // a TLS listener's secret is read from the store
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response validate(String body) {
    return handler.handle("kuma", body, request -> {
      if (!KumaResourceValidator.GROUP.equals(request.group())) return new Verdict.Allow("not a kuma.io object");
      if (!(request.isCreate() || request.isUpdate())) return new Verdict.Allow(request.operation() + " is not checked");
      Optional<Verdict.Refuse> refused = modes.check(request);
      if (refused.isPresent()) return refused.get();
      return validator.validate(request.kind(), request.object(), request.oldObject());
    });
  }
}
