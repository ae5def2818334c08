package dev.atrium.xds.auth;

import dev.atrium.follow.ResourceIndex;
import dev.atrium.xds.auth.kube.ServiceAccountTokenAuthenticator;
import dev.atrium.xds.config.XdsConfig;
import java.util.Locale;

/**
 * Picks the authenticator for {@code atrium.xds.auth.type} ({@code ATRIUM_XDS_AUTH_TYPE}, Kuma's
 * {@code KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE}): {@code dpToken} (the default), {@code serviceAccountToken}
 * or {@code none}. No CDI here, so tests and benchmarks build the same thing.
 */
public final class ProxyAuthenticators {
  public static final String DP_TOKEN = "dpToken";
  public static final String SERVICE_ACCOUNT_TOKEN = "serviceAccountToken";
  public static final String NONE = "none";

  private ProxyAuthenticators() {}

  /** @throws IllegalArgumentException for an unknown type, naming the setting and the types there are */
  public static ProxyAuthenticator forType(String type, ResourceIndex index) {
    return forType(type, index, null);
  }

  /** {@code kubernetes}: how to reach the API server for {@code serviceAccountToken} (its client is made on first use). */
  public static ProxyAuthenticator forType(String type, ResourceIndex index, XdsConfig.Kubernetes kubernetes) {
    switch (normalized(type)) {
      case "dptoken":
        return DataplaneTokenAuthenticator.of(index);
      case "none":
        return new NoAuthentication();
      case "serviceaccounttoken":
        if (kubernetes == null) throw new IllegalArgumentException(SERVICE_ACCOUNT_TOKEN + " needs the Kubernetes settings");
        return ServiceAccountTokenAuthenticator.create(kubernetes);
      default:
        throw new IllegalArgumentException("atrium.xds.auth.type (ATRIUM_XDS_AUTH_TYPE): \"" + type
            + "\" is not one of " + DP_TOKEN + ", " + SERVICE_ACCOUNT_TOKEN + ", " + NONE);
    }
  }

  /**
   * Whether checking a credential waits on the network (a TokenReview): then ADS calls run off the event
   * loop ({@link OffloadedCalls}).
   */
  public static boolean blocks(String type) {
    return SERVICE_ACCOUNT_TOKEN.toLowerCase(Locale.ROOT).equals(normalized(type));
  }

  /** Whether proxies must present a credential at all (the bootstrap refuses a request without one). */
  public static boolean requiresCredential(String type) {
    return !NONE.equals(normalized(type));
  }

  private static String normalized(String type) {
    return type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
  }
}
