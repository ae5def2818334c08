package dev.atrium.webhook.controller.model;

/**
 * The tags, labels and annotations the controllers write or read beyond the webhook's own
 * ({@link dev.atrium.webhook.metadata.KumaMetadata}); Kuma 2.14's names, so Kuma's tools and policies
 * that select on them work unchanged.
 */
public final class KumaNames {
  private KumaNames() {}

  public static final String SERVICE_TAG = "kuma.io/service";
  public static final String PROTOCOL_TAG = "kuma.io/protocol";
  public static final String ZONE_TAG = "kuma.io/zone";
  /** On the inbounds of headless Services: the Pod's name, so each Pod is addressable. */
  public static final String INSTANCE_TAG = "kuma.io/instance";
  public static final String K8S_NAMESPACE = "k8s.kuma.io/namespace";
  public static final String K8S_SERVICE_NAME = "k8s.kuma.io/service-name";
  public static final String K8S_SERVICE_PORT = "k8s.kuma.io/service-port";
  public static final String K8S_SERVICE_ACCOUNT = "k8s.kuma.io/service-account";
  public static final String DISPLAY_NAME = "kuma.io/display-name";
  public static final String ORIGIN = "kuma.io/origin";
  public static final String ENV = "kuma.io/env";

  /** Pod annotation of builtin gateway Pods: the Dataplane's gateway tags as a JSON object. */
  public static final String TAGS_ANNOTATION = "kuma.io/tags";
  /** Service annotation: {@code <port>.service.kuma.io/protocol} names the protocol of that port. */
  public static final String PORT_PROTOCOL_ANNOTATION_SUFFIX = ".service.kuma.io/protocol";
  public static final String DIRECT_ACCESS_SERVICES = "kuma.io/direct-access-services";
  public static final String REACHABLE_SERVICES = "kuma.io/transparent-proxying-reachable-services";

  /** Pod annotation of a zone ingress: {@code enabled} makes the Pod controller write a ZoneIngress for it. */
  public static final String INGRESS_ANNOTATION = "kuma.io/ingress";
  /** Where other zones reach the ingress, when neither the Service nor the node says it: both or neither. */
  public static final String INGRESS_PUBLIC_ADDRESS = "kuma.io/ingress-public-address";
  public static final String INGRESS_PUBLIC_PORT = "kuma.io/ingress-public-port";

  /** kuma.io/gateway values. */
  public static final String GATEWAY_ENABLED = "enabled";
  public static final String GATEWAY_PROVIDED = "provided";
  public static final String GATEWAY_BUILTIN = "builtin";

  /** The container names of a sidecar Pod and of a builtin gateway Pod (Kuma's). */
  public static final String GATEWAY_CONTAINER = "kuma-gateway";
}
