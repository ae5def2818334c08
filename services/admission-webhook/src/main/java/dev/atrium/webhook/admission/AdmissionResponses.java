package dev.atrium.webhook.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A {@link Verdict} as the {@code admission.k8s.io/v1} AdmissionReview the API server expects back. */
public final class AdmissionResponses {
  private AdmissionResponses() {}

  /**
   * The answer to {@code request}. A refusal with causes names the object in its details, so kubectl
   * prints {@code The MeshGateway "x" is invalid} followed by each {@code field: message}.
   */
  public static ObjectNode of(AdmissionRequest request, Verdict verdict) {
    ObjectNode review = JsonNodeFactory.instance.objectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response");
    response.put("uid", request.uid());
    if (verdict instanceof Verdict.Allow allow) {
      response.put("allowed", true);
      if (!allow.warnings().isEmpty()) {
        ArrayNode warnings = response.putArray("warnings");
        allow.warnings().forEach(warnings::add);
      }
    } else if (verdict instanceof Verdict.Patch patch) {
      response.put("allowed", true);
      response.put("patchType", "JSONPatch");
      byte[] json = patch.patch().toJson().toString().getBytes(StandardCharsets.UTF_8);
      response.put("patch", Base64.getEncoder().encodeToString(json));
    } else if (verdict instanceof Verdict.Refuse refuse) {
      response.put("allowed", false);
      ObjectNode status = response.putObject("status");
      status.put("status", "Failure");
      status.put("message", refuse.message());
      status.put("reason", refuse.reason());
      status.put("code", refuse.code());
      if (!refuse.causes().isEmpty()) {
        ObjectNode details = status.putObject("details");
        details.put("name", request.objectName());
        if (!request.group().isEmpty()) details.put("group", request.group());
        details.put("kind", request.kind());
        ArrayNode causes = details.putArray("causes");
        for (Verdict.Cause c : refuse.causes()) {
          causes.addObject().put("type", "FieldValueInvalid").put("message", c.message()).put("field", c.field());
        }
      }
    }
    return review;
  }
}
