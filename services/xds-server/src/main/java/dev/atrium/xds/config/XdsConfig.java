package dev.atrium.xds.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of the xds-server (environment: ATRIUM_XDS_...). */
@ConfigMapping(prefix = "atrium.xds")
public interface XdsConfig {

  /**
   * The host proxies use to reach this server's ADS, written into their bootstrap. Empty: the host
   * the data-plane agent used for its bootstrap request, as Kuma does.
   */
  Optional<String> advertisedHost();

  /** The port proxies use to reach ADS (the HTTPS port, which carries gRPC too). */
  @WithDefault("${quarkus.http.ssl-port}")
  int advertisedPort();

  /** How long a bootstrap request waits for the Dataplane it registered to reach this server's view. */
  @WithDefault("5s")
  Duration registrationTimeout();

  /**
   * The Kubernetes API server, asked only when proxies authenticate with their service-account token
   * ({@code ATRIUM_XDS_AUTH_TYPE=serviceAccountToken}); never touched otherwise.
   */
  Kubernetes kubernetes();

  /** Proxy certificates for meshes with mTLS on ({@code atrium.xds.identity.*}). */
  Identity identity();

  /** {@code atrium.xds.identity.*} (environment: ATRIUM_XDS_IDENTITY_...). */
  interface Identity {
    /**
     * The key each proxy certificate gets, fresh at every issue: {@code ECDSA_P256} (default, ADR 0014:
     * cheap to make, accepted by Envoy and kuma-dp) or {@code RSA_2048} (Kuma's).
     */
    @WithDefault("ECDSA_P256")
    dev.atrium.xds.identity.ProxyKeyAlgorithm keyAlgorithm();
  }

  /** {@code atrium.xds.kubernetes.*} (environment: ATRIUM_XDS_KUBERNETES_...). */
  interface Kubernetes {
    /**
     * A kubeconfig file. Empty: the Pod's service account inside a cluster, else {@code $KUBECONFIG} or
     * {@code ~/.kube/config}. Its user needs {@code create} on {@code tokenreviews} and {@code get} on {@code pods}.
     */
    Optional<String> kubeconfig();

    /** How long one TokenReview or Pod read may take; the proxy's connection waits for it. */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * How long a token accepted for a Pod is accepted again without asking the API server, so a fleet
     * reconnecting at once does not flood it; 0 asks every time.
     */
    @WithDefault("1m")
    Duration tokenReviewCacheTtl();

    /** How many such acceptances are remembered at most (least recently used go first). */
    @WithDefault("10000")
    int tokenReviewCacheSize();
  }

  /**
   * First retry delay when the Store Watch stream breaks; doubles up to storeMaxRetryDelay. While it
   * waits, the channel dials the store and the Watch reopens the moment it connects.
   */
  @WithDefault("100ms")
  Duration storeRetryDelay();

  /**
   * The longest wait between two attempts to reach a broken store, so a store that comes back is
   * followed again within it; keep it ≤ 1s (an attempt against an absent store is one refused connection).
   */
  @WithDefault("500ms")
  Duration storeMaxRetryDelay();

  /**
   * How often an HTTP/2 PING goes to each proxy's ADS connection (ADR 0009). With
   * {@link #keepaliveTimeout()} it bounds how long a proxy whose host vanished, or whose packets a
   * firewall drops, still shows as connected: at most their sum. Kuma's gRPC server uses 15 s for both.
   */
  @WithDefault("15s")
  Duration keepaliveTime();

  /** How long a PING may go unanswered before the connection counts as dead and is closed. */
  @WithDefault("15s")
  Duration keepaliveTimeout();

  /**
   * How long after the last ADS stream of a proxy ends its Dataplane is deleted, when the agent
   * registered it at bootstrap ({@code --dataplane-file}); a reconnect within it keeps the Dataplane.
   * Kuma's {@code xdsServer.dataplaneDeregistrationDelay}, with its default and its environment name
   * {@code KUMA_XDS_SERVER_DATAPLANE_DEREGISTRATION_DELAY} also accepted. A Dataplane created through
   * the API is never deleted this way.
   */
  @WithDefault("10s")
  Duration dataplaneDeregistrationDelay();

  /**
   * How long {@code GET /proxies} still lists a proxy after its last stream ended; the store's
   * DataplaneInsight keeps the record (Offline, with its disconnect time) for good.
   */
  @WithDefault("60s")
  Duration disconnectedStatusRetention();

  /**
   * The zone this control plane serves (Kuma's {@code multizone.zone.name}, default {@code default}):
   * a zone proxy's zone token must name it ({@code ZoneTokenAuthenticator}). Set it to the store's
   * {@code ATRIUM_STORE_ZONE} on a zone of a multi-zone deployment.
   */
  @WithDefault("default")
  String zone();

  /** How proxies authenticate on ADS. */
  Auth auth();

  interface Auth {
    /**
     * {@code dpToken}: a dataplane token (universal, Kuma's default); {@code serviceAccountToken}: the
     * Pod's Kubernetes service account token; {@code none}: no check (only where no untrusted process can
     * reach this port). Kuma's {@code dpServer.authn.dpProxy.type}; its environment name
     * {@code KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE} is also read ({@code ATRIUM_XDS_AUTH_TYPE} wins).
     */
    @WithDefault("dpToken")
    String type();
  }

  /**
   * The certificate (PEM, may carry its chain) the port serves, with {@link #tlsKeyFile()}; re-read every
   * minute, so a renewed certificate is served without a restart. Unset: a self-signed one in
   * {@link #tlsDir()}. Read by {@code tls.XdsServerMain} before Quarkus starts, which sets it to the
   * file actually served (ADR 0010).
   */
  Optional<String> tlsCertFile();

  /** The private key (PEM) of {@link #tlsCertFile()}. */
  Optional<String> tlsKeyFile();

  /**
   * Where the self-signed certificate is made once and kept ({@code xds-server.crt}, the file agents
   * trust, and {@code xds-server.key}); default {@code $HOME/.atrium/xds-server}.
   */
  Optional<String> tlsDir();

  /**
   * Names and addresses (comma-separated) the self-signed certificate carries besides the host name,
   * {@code localhost} and every local address: the names proxies dial this server by (a Service name,
   * a load balancer's address). Applies when the certificate is made.
   */
  Optional<List<String>> tlsSans();
}
