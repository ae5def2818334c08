package dev.atrium.webhook.controller.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the controllers mark the Kubernetes objects they own, so they find them again (informers select
 * on {@link #SELECTOR}) and never touch anyone else's.
 */
public final class ManagedObjects {
  private ManagedObjects() {}

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "atrium";
  /** The MeshGatewayInstance (same namespace) a Deployment or Service belongs to. */
  public static final String INSTANCE = "gateways.atrium.dev/instance";
  /** Kuma's Pod selector label for an instance's Pods: {@code app: <instance>}. */
  public static final String APP = "app";
  /** The label selector of every object the gateway controller manages. */
  public static final String SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE + "," + INSTANCE;
  /** Server-side apply field manager of every write. */
  public static final String FIELD_MANAGER = "atrium-controllers";

  /** For turning instance spec fields kept as JSON into fabric8 types, and objects into YAML. */
  public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The owner of every object of an instance, when the instance is a Kubernetes object too. */
  public record Owner(String apiVersion, String kind, String name, String uid) {
    OwnerReference reference() {
      return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
          .withController(true).withBlockOwnerDeletion(true).build();
    }
  }

  static Map<String, String> labels(GatewayInstance instance) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(APP, instance.name());
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(INSTANCE, instance.name());
    return labels;
  }

  static void own(HasMetadata object, Optional<Owner> owner) {
    owner.ifPresent(o -> object.getMetadata().setOwnerReferences(java.util.List.of(o.reference())));
  }

  /** The instance name an object of ours belongs to, if it is ours. */
  public static Optional<String> instanceOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels == null || !MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY))) return Optional.empty();
    return Optional.ofNullable(labels.get(INSTANCE));
  }
}
