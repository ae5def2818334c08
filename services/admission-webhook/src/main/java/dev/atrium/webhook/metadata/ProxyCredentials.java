package dev.atrium.webhook.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How atrium-dp in an injected sidecar or a MeshGatewayInstance's gateway Pod proves who it is to the
 * xds-server, and how it checks the xds-server's certificate — the same for both, in kuma-dp's
 * environment names. The proof is the Pod's service-account token, read from where Kubernetes mounts
 * it; the xds-server reviews it (TokenReview) against the Pod behind the Dataplane
 * ({@code ATRIUM_XDS_AUTH_TYPE=serviceAccountToken}). The xds-server's CA, when configured, travels in
 * the Pod's environment as Kuma's injector puts it there.
 */
public final class ProxyCredentials {
  private ProxyCredentials() {}

  /** Where Kubernetes mounts a Pod's service-account token (and its {@code ca.crt}, {@code namespace}). */
  public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  /** atrium-dp's (and kuma-dp's) {@code --dataplane-token-file} as an environment variable. */
  public static final String TOKEN_PATH_ENV = "KUMA_DATAPLANE_RUNTIME_TOKEN_PATH";
  public static final String TOKEN_PATH = SERVICE_ACCOUNT_DIR + "/token";
  /**
   * kuma-dp's variable holding the control plane's CA itself (PEM text, not a path), which atrium-dp
   * reads as well: an environment variable reaches a Pod in any namespace, where a mounted ConfigMap
   * would have to be copied into each of them first.
   */
  public static final String CA_CERT_ENV = "KUMA_CONTROL_PLANE_CA_CERT";

  /**
   * The CA that signed the xds-server's certificate, read once at start from a file the webhook has
   * mounted (the chart's {@code <release>-xds-ca}) and handed to every injected sidecar and gateway Pod
   * in {@link #CA_CERT_ENV}.
   *
   * @param pem the CA certificate(s), PEM
   */
  public record ControlPlaneCa(String pem) {
    /**
     * The CA in {@code file}, none when no file is set (atrium-dp then uses the system's roots).
     *
     * @param property the setting naming the file, for the start-up error
     * @throws IllegalStateException naming the setting and the file when it cannot be read or holds no certificate
     */
    public static Optional<ControlPlaneCa> fromFile(Optional<String> file, String property) {
      Optional<String> path = file.map(String::trim).filter(s -> !s.isEmpty());
      if (path.isEmpty()) return Optional.empty();
      String pem;
      try {
        pem = Files.readString(Path.of(path.get()), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(property + ": cannot read the control plane's CA " + path.get() + ": "
            + (e instanceof NoSuchFileException ? "no such file" : e.toString()), e);
      }
      if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        throw new IllegalStateException(property + ": " + path.get()
            + " is not a PEM certificate (expected a -----BEGIN CERTIFICATE----- block: the xds-server's CA)");
      }
      return Optional.of(new ControlPlaneCa(pem));
    }
  }
}
