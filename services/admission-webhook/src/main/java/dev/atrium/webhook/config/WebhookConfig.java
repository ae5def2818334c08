package dev.atrium.webhook.config;

import dev.atrium.core.multizone.ControlPlaneMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of the admission webhook (environment: ATRIUM_WEBHOOK_...). */
@ConfigMapping(prefix = "atrium.webhook")
public interface WebhookConfig {

  /** The serving certificate (PEM) the API server verifies against the webhook's caBundle; re-read when it changes. */
  @WithDefault("/etc/atrium/webhook/tls.crt")
  String tlsCertFile();

  /** The serving certificate's private key (PEM). */
  @WithDefault("/etc/atrium/webhook/tls.key")
  String tlsKeyFile();

  /** The injected sidecar's image: atrium-dp with Envoy. */
  @WithDefault("atrium/atrium-dp:0.1.0")
  String sidecarImage();

  /**
   * The traffic-redirection init container's image. Its command is Kuma's
   * {@code kumactl install transparent-proxy} (the iptables rules do not depend on the control plane),
   * so Kuma's own kuma-init image works unchanged.
   */
  @WithDefault("kumahq/kuma-init:2.14.3")
  String initImage();

  /** What the sidecar's atrium-dp fetches its bootstrap from: the xds-server's Service (HTTPS only). */
  @WithDefault("https://atrium-xds-server.atrium-system.svc:5678")
  String controlPlaneAddress();

  /**
   * Run the sidecar as a native sidecar (an init container with restartPolicy Always, Kubernetes
   * 1.29+): it starts before the application and stops after it, and Jobs can complete. Off: it is
   * the Pod's first container, as Kuma injects it by default.
   */
  @WithDefault("false")
  boolean nativeSidecar();

  /**
   * A file (PEM) with the CA that signed the xds-server's certificate, read at start and put inline
   * into every sidecar's {@code KUMA_CONTROL_PLANE_CA_CERT}, as Kuma's injector does, so atrium-dp
   * verifies the control plane in any namespace. Empty (the default): no CA given, atrium-dp uses the
   * system's roots. A file that cannot be read or holds no certificate stops the webhook at start.
   */
  Optional<String> controlPlaneCaFile();

  /** The UID (and GID) the sidecar runs as; the init container exempts its traffic from redirection. */
  @WithDefault("5678")
  long sidecarUid();

  /** Envoy's admin port inside the Pod, on 127.0.0.1 only (it can reconfigure and stop Envoy). */
  @WithDefault("9901")
  int envoyAdminPort();

  /**
   * Where the sidecar's atrium-dp answers the readiness probe ({@code --readiness-port}) with Envoy's
   * state: the kubelet probes the Pod's IP, which Envoy's admin does not listen on. Kuma's 9902. Left out
   * of inbound redirection, so the probe reaches atrium-dp rather than Envoy.
   */
  @WithDefault("9902")
  int readinessPort();

  /** Where redirected inbound traffic arrives at Envoy. */
  @WithDefault("15006")
  int inboundRedirectPort();

  /** Where redirected outbound traffic arrives at Envoy. */
  @WithDefault("15001")
  int outboundRedirectPort();

  /** The sidecar's resource requests and limits (Kubernetes quantities). */
  @WithDefault("50m")
  String sidecarCpuRequest();

  @WithDefault("64Mi")
  String sidecarMemoryRequest();

  @WithDefault("1000m")
  String sidecarCpuLimit();

  @WithDefault("512Mi")
  String sidecarMemoryLimit();

  /**
   * Where meshes are looked up: {@code store} (the resource-store's Store gRPC API, followed with
   * Watch) or {@code kubernetes} (kuma.io/v1alpha1 Mesh objects through the API server).
   */
  @WithDefault("store")
  MeshSource meshSource();

  /**
   * What this control plane is (ADR 0020): on {@code global}, kinds the zones provide are refused; on a
   * {@code zone}, kinds global provides, and a targetRef policy in the system namespace must say
   * {@code kuma.io/origin: zone} — Kuma 2.14's webhook rules and texts.
   */
  @WithDefault("standalone")
  ControlPlaneMode mode();

  /** The control plane's namespace: where a zone's policies must carry their origin label. */
  @WithDefault("kuma-system")
  String systemNamespace();

  /**
   * Users whose writes are the control plane's own (the resource-store's service account, the garbage
   * collector): the mode's rules are for people, not for the sync or owner-reference cleanup.
   */
  @WithDefault("system:serviceaccount:kube-system:generic-garbage-collector")
  List<String> privilegedUsers();

  /** How long an admission request may wait for a mesh or secret lookup that misses the cache. */
  @WithDefault("2s")
  Duration lookupTimeout();

  /**
   * A kubeconfig file for the API server. Empty: in-cluster service-account credentials, else the
   * usual $KUBECONFIG / ~/.kube/config discovery.
   */
  Optional<String> kubeconfig();

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

  enum MeshSource { STORE, KUBERNETES }
}
