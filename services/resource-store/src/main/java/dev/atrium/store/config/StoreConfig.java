package dev.atrium.store.config;

import dev.atrium.core.multizone.ControlPlaneMode;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Optional;

/** Every setting of the resource-store service (environment: ATRIUM_STORE_BACKEND, ...). */
@ConfigMapping(prefix = "atrium.store")
public interface StoreConfig {

  /**
   * Where resources live: the embedded durable store (one data directory), a shared PostgreSQL, or a
   * Kubernetes API server (kuma.io custom resources; kubeconfig from the usual places or the Pod's
   * service account, as quarkus.kubernetes-client.* configures it).
   */
  @WithDefault("embedded")
  Backend backend();

  Embedded embedded();

  Postgres postgres();

  Kubernetes kubernetes();

  /** How many change events are kept for watchers that resume after a disconnect. */
  @WithDefault("100000")
  int eventRetention();

  /** Create the "default" Mesh at start-up when it does not exist, as Kuma does. */
  @WithDefault("true")
  boolean createDefaultMesh();

  /**
   * What this control plane is: {@code standalone} (every kind written here), {@code global} (proxies
   * are the zones' to write) or {@code zone} (connected to a global: meshes, legacy policies and
   * MeshGatewayRoutes are global's to write; targetRef policies written here carry
   * {@code kuma.io/origin: zone}). The REST API refuses the rest as Kuma 2.14 does.
   */
  @WithDefault("standalone")
  ControlPlaneMode mode();

  /** Name of this zone, written into the kuma.io/zone label of zone-provided kinds. */
  @WithDefault("default")
  String zone();

  /**
   * A zone (mode zone): how often at least it refreshes its subscription in its ZoneInsight on global
   * while connected, so that global can tell a live zone from a vanished one.
   */
  @WithName("zone.heartbeat")
  @WithDefault("5s")
  Duration zoneHeartbeat();

  /**
   * Global (mode global): how long a zone's subscription may go without a heartbeat before global closes
   * it (sets its disconnectTime) and the zone reads Offline; three default heartbeats.
   */
  @WithName("zone.offline-after")
  @WithDefault("15s")
  Duration zoneOfflineAfter();

  /**
   * A zone (mode zone): the file holding this zone's zone token (scope {@code cp}, minted on global:
   * {@code atriumctl generate zone-token --zone <zone> --scope cp}). Every call to global's Store API
   * carries it as {@code authorization: Bearer <token>}; the file is read again when it changes, so a
   * new token takes effect without a restart. Unset: calls carry none, and global refuses this zone's
   * writes unless it allows zones without a token.
   */
  @WithName("global.zone-token-file")
  Optional<Path> globalZoneTokenFile();

  /**
   * Global (mode global): let zones that present no zone token write zones' resources (any zone's), as
   * before zone tokens. For upgrading zones one by one only: any holder of an internal certificate may
   * then write as any zone.
   */
  @WithName("zone.allow-without-token")
  @WithDefault("false")
  boolean zoneAllowWithoutToken();

  enum Backend { embedded, postgres, kubernetes }

  interface Embedded {
    /** Directory of the embedded store; created if absent. */
    @WithDefault("${user.home}/.atrium/store")
    Path dataDir();

    /** FULL fsyncs every commit (survives power loss); NORMAL survives a killed process only. */
    @WithDefault("FULL")
    String sync();
  }

  interface Kubernetes {
    /**
     * Where Secrets live and where resources written through the API without a Kubernetes namespace
     * go (namespaced objects elsewhere are named name.namespace, as in Kuma). Created if absent.
     */
    @WithDefault("kuma-system")
    String systemNamespace();

    /** How long start-up may take to list every kind before the service gives up (CRDs missing, no access). */
    @WithDefault("120s")
    java.time.Duration startTimeout();

    /**
     * Change events kept for watchers that resume (in memory here, unlike atrium.store.event-retention
     * of the database backends); a watcher further behind, or from before a restart, re-lists.
     */
    @WithDefault("10000")
    int eventRetention();
  }

  interface Postgres {
    /** JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/atrium. Required when backend=postgres. */
    Optional<String> url();

    @WithDefault("atrium")
    String user();

    Optional<String> password();

    /** Connections in the pool; writes are serialised by the revision row anyway. */
    @WithDefault("8")
    int poolSize();
  }
}
