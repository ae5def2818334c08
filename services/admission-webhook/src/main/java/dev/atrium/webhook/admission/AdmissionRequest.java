package dev.atrium.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionReview request the webhooks read. Plain JSON
 * rather than generated model classes: the webhooks look at a handful of fields and must pass
 * everything else through untouched.
 *
 * @param uid       echoed in the response; the API server matches answers by it
 * @param group     the object's API group ("" for core, "kuma.io")
 * @param kind      the object's kind ("Pod", "MeshGateway")
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param namespace the request's namespace; set for namespaced objects even when the object's own
 *                  {@code metadata.namespace} is empty (a Pod created from a template)
 * @param object    the object as it will be stored (missing for DELETE)
 * @param oldObject the object it replaces (UPDATE and DELETE; missing for CREATE)
 * @param username  who asks ({@code userInfo.username}: a user, or a service account as
 *                  {@code system:serviceaccount:<namespace>:<name>})
 */
public record AdmissionRequest(String uid, String group, String kind, String operation, String namespace,
    String name, JsonNode object, JsonNode oldObject, String username) {

  /** A request without the object it replaces (CREATE). */
  public AdmissionRequest(String uid, String group, String kind, String operation, String namespace, String name,
      JsonNode object) {
    this(uid, group, kind, operation, namespace, name, object, MissingNode.getInstance(), "");
  }

  public static AdmissionRequest parse(JsonNode review) {
    JsonNode request = review.path("request");
    if (!request.isObject()) throw new IllegalArgumentException("not an AdmissionReview: no request");
    String uid = request.path("uid").asText("");
    if (uid.isEmpty()) throw new IllegalArgumentException("not an AdmissionReview: request.uid is empty");
    JsonNode kind = request.path("kind");
    JsonNode object = request.path("object");
    JsonNode oldObject = request.path("oldObject");
    return new AdmissionRequest(uid, kind.path("group").asText(""), kind.path("kind").asText(""),
        request.path("operation").asText(""), request.path("namespace").asText(""), request.path("name").asText(""),
        object.isObject() ? object : MissingNode.getInstance(), oldObject.isObject() ? oldObject : MissingNode.getInstance(),
        request.path("userInfo").path("username").asText(""));
  }

  public boolean isCreate() {
    return "CREATE".equals(operation);
  }

  public boolean isUpdate() {
    return "UPDATE".equals(operation);
  }

  /** The object's name: the request's, else the object's own (empty while a generateName is pending). */
  public String objectName() {
    return !name.isEmpty() ? name : object.path("metadata").path("name").asText("");
  }

  /** {@code namespace/name} for logs; the object's generateName with a * when it has no name yet. */
  public String describe() {
    String n = objectName();
    if (n.isEmpty()) n = object.path("metadata").path("generateName").asText("") + "*";
    return namespace.isEmpty() ? n : namespace + "/" + n;
  }
}
