package dev.atrium.webhook.controller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the Kubernetes controllers (Pod → Dataplane, MeshGatewayInstance → Deployment +
 * Service) that run inside the admission-webhook process (environment: ATRIUM_CONTROLLERS_...).
 */
@ConfigMapping(prefix = "atrium.controllers")
public interface ControllersConfig {

  /** Run the controllers at all. Off: the process is only the admission webhook. */
  @WithDefault("true")
  boolean enabled();

  /** The coordination.k8s.io Lease whose holder is the one replica that reconciles. */
  @WithDefault("atrium-controllers")
  String leaseName();

  /** The Lease's namespace: the control plane's own. */
  @WithDefault("atrium-system")
  String leaseNamespace();

  /** This replica's name in the Lease. Empty: the Pod's name ($HOSTNAME) plus a random suffix. */
  Optional<String> leaderIdentity();

  /** How long a Lease holds without renewal before another replica may take it. */
  @WithDefault("15s")
  Duration leaseDuration();

  /** A leader that has not renewed within this time stops reconciling (shorter than the lease). */
  @WithDefault("10s")
  Duration renewDeadline();

  /** How often the Lease is renewed, or asked for by a replica that does not hold it. */
  @WithDefault("2s")
  Duration retryPeriod();

  /** Kuma's zone name; when set, Dataplanes and their inbounds get the kuma.io/zone tag, as in Kuma. */
  Optional<String> zone();

  /** First retry delay of a reconcile that failed (API server or store unavailable, invalid object). */
  @WithDefault("200ms")
  Duration retryDelay();

  /** Retry delays double up to this. */
  @WithDefault("30s")
  Duration maxRetryDelay();

  /**
   * First retry delay when the Store Watch stream breaks; doubles up to storeMaxRetryDelay. While it
   * waits, the channel dials the store and the Watch reopens the moment it connects.
   */
  @WithDefault("100ms")
  Duration storeRetryDelay();

  /**
   * The longest wait between two attempts to reach a broken store (not maxRetryDelay: a returned
   * store must be followed again within it); keep it ≤ 1s.
   */
  @WithDefault("500ms")
  Duration storeMaxRetryDelay();

  /** How long one Store Put or Delete may take. */
  @WithDefault("5s")
  Duration storeTimeout();

  /** Builtin gateway Pods (MeshGatewayInstance). */
  Gateway gateway();

  /**
   * Whether MeshGatewayInstances also exist as kuma.io/v1alpha1 Kubernetes objects (they do when the
   * store backend is Kubernetes, or when they were applied with kubectl): {@code kubernetes} makes
   * that object the owner of the Deployment and Service (deleting it deletes them) and patches its
   * status subresource with the Ready condition; an instance with no such object is handled without
   * either. {@code none} never looks (universal stores).
   */
  @WithDefault("kubernetes")
  InstanceObjectsSource instanceObjects();

  enum InstanceObjectsSource { KUBERNETES, NONE }

  interface Gateway {
    /** The gateway container's image: atrium-dp with Envoy. */
    @WithDefault("atrium/atrium-dp:0.1.0")
    String image();

    /** What the gateway's atrium-dp fetches its bootstrap from: the xds-server's Service (HTTPS only). */
    @WithDefault("https://atrium-xds-server.atrium-system.svc:5678")
    String controlPlaneAddress();

    /**
     * A file (PEM) with the CA that signed the xds-server's certificate, read at start and put inline
     * into the gateway container's {@code KUMA_CONTROL_PLANE_CA_CERT}. Empty (the default): no CA given,
     * atrium-dp uses the system's roots.
     */
    Optional<String> controlPlaneCaFile();

    /** Envoy's admin port in the gateway Pod, on 127.0.0.1 only. */
    @WithDefault("9901")
    int adminPort();

    /** Where the gateway's atrium-dp answers the readiness probe with Envoy's state (Kuma's 9902). */
    @WithDefault("9902")
    int readinessPort();

    /** The UID and GID the gateway runs as. */
    @WithDefault("5678")
    long uid();

    /** Requests and limits when the instance sets no {@code resources} (Kuma's defaults). */
    @WithDefault("50m")
    String cpuRequest();

    @WithDefault("64Mi")
    String memoryRequest();

    @WithDefault("1000m")
    String cpuLimit();

    @WithDefault("512Mi")
    String memoryLimit();
  }
}
