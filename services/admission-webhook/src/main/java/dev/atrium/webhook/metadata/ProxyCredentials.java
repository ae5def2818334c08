package dev.atrium.webhook.metadata;

import java.util.Optional;

/**
 * How atrium-dp in an injected sidecar or a MeshGatewayInstance's gateway Pod proves who it is to the
 * xds-server, and how it checks the xds-server's certificate — the same for both, in kuma-dp's
 * environment names. The proof is the Pod's service-account token, read from where Kubernetes mounts
 * it; the xds-server reviews it (TokenReview) against the Pod behind the Dataplane
 * ({@code ATRIUM_XDS_AUTH_TYPE=serviceAccountToken}).
 */
public final class ProxyCredentials {
  private ProxyCredentials() {}

  /** Where Kubernetes mounts a Pod's service-account token (and its {@code ca.crt}, {@code namespace}). */
  public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  /** atrium-dp's (and kuma-dp's) {@code --dataplane-token-file} as an environment variable. */
  public static final String TOKEN_PATH_ENV = "KUMA_DATAPLANE_RUNTIME_TOKEN_PATH";
  public static final String TOKEN_PATH = SERVICE_ACCOUNT_DIR + "/token";
  /** atrium-dp's (and kuma-dp's) {@code --ca-cert-file} as an environment variable. */
  public static final String CA_CERT_FILE_ENV = "KUMA_CONTROL_PLANE_CA_CERT_FILE";
  public static final String CA_VOLUME = "atrium-control-plane-ca";
  public static final String CA_DIR = "/var/run/secrets/atrium/control-plane-ca";
  public static final String CA_FILE_NAME = "ca.crt";
  public static final String CA_FILE = CA_DIR + "/" + CA_FILE_NAME;

  /**
   * The ConfigMap holding the CA that signed the xds-server's certificate, mounted from the Pod's own
   * namespace (a volume cannot reach another namespace: the ConfigMap has to exist in every namespace
   * with injected Pods or gateways, as a trust-bundle distributor such as trust-manager keeps it).
   *
   * @param configMap its name
   * @param key the key holding the PEM
   */
  public record ControlPlaneCa(String configMap, String key) {
    /** From the two settings; none when no ConfigMap is named (the default: atrium-dp uses the system's roots). */
    public static Optional<ControlPlaneCa> of(Optional<String> configMap, String key) {
      return configMap.filter(s -> !s.isBlank()).map(name -> new ControlPlaneCa(name.trim(), key));
    }
  }
}
