package dev.atrium.xds.auth;

import dev.atrium.core.model.Resource;
import dev.atrium.xds.auth.kube.ServiceAccountTokenAuthenticator;
import dev.atrium.xds.config.XdsConfig;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which {@link ProxyAuthenticator} checks ADS streams ({@code ATRIUM_XDS_AUTH_TYPE}), and the check
 * itself: exactly one {@code authorization} value ({@link AdsCredentials}), authenticated against the
 * Dataplane the proxy claims to be, or the stream is refused with {@code authentication failed: …}.
 *
 * <p>Only {@code serviceAccountToken} is decided here; {@code dpToken} (the default) and {@code none}
 * admit every proxy until the dataplane-token switch takes this class's place.
 */
public final class ProxyAuthentication {
  public static final String SERVICE_ACCOUNT_TOKEN = "serviceAccountToken";

  /** Workers for ADS calls whose authentication asks the API server (see {@link OffloadedCalls}). */
  private static final int OFFLOAD_THREADS = 8;

  private final Optional<ProxyAuthenticator> authenticator;
  private final Optional<OffloadedCalls> offload;

  ProxyAuthentication(Optional<ProxyAuthenticator> authenticator, boolean blocking) {
    this.authenticator = authenticator;
    this.offload = blocking ? Optional.of(new OffloadedCalls(OFFLOAD_THREADS)) : Optional.empty();
  }

  /**
   * What the ADS service is wrapped in, innermost first: {@link AdsCredentials}, then, when the
   * authenticator blocks, {@link OffloadedCalls}. Other interceptors go after these (outside).
   */
  public List<ServerInterceptor> adsInterceptors() {
    List<ServerInterceptor> out = new ArrayList<>();
    out.add(new AdsCredentials());
    offload.ifPresent(out::add);
    return out;
  }

  public void shutdown() {
    offload.ifPresent(OffloadedCalls::close);
  }

  /**
   * From {@code atrium.xds.auth.type} (or Kuma's {@code KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE}); the
   * Kubernetes client is made only for {@code serviceAccountToken}, and only once a proxy connects.
   */
  public static ProxyAuthentication fromConfig(XdsConfig config) {
    org.eclipse.microprofile.config.Config c = ConfigProvider.getConfig();
    // Kuma's KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE too; Atrium's own name wins.
    String type = c.getOptionalValue("atrium.xds.auth.type", String.class)
        .or(() -> c.getOptionalValue("kuma.dp-server.authn.dp-proxy.type", String.class)).orElse("dpToken");
    if (SERVICE_ACCOUNT_TOKEN.equals(type)) {
      return new ProxyAuthentication(Optional.of(ServiceAccountTokenAuthenticator.create(config.kubernetes())), true);
    }
    return new ProxyAuthentication(Optional.empty(), false);
  }

  /** Empty to admit the proxy; else the status its stream ends with. */
  public Optional<Status> check(Resource dataplane) {
    if (authenticator.isEmpty()) return Optional.empty();
    List<String> presented = AdsCredentials.presented();
    if (presented.size() != 1) {
      return refuse("request must have exactly 1 \"authorization\" header, got " + presented.size());
    }
    try {
      authenticator.get().authenticate(presented.get(0), dataplane);
      return Optional.empty();
    } catch (AuthenticationException e) {
      return refuse(e.getMessage());
    }
  }

  private static Optional<Status> refuse(String reason) {
    return Optional.of(Status.UNAUTHENTICATED.withDescription("authentication failed: " + reason));
  }
}
