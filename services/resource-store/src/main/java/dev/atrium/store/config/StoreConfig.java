package dev.atrium.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Every setting of the resource-store service (environment: ATRIUM_STORE_BACKEND, ...). */
@ConfigMapping(prefix = "atrium.store")
public interface StoreConfig {

  /** Where resources live: the embedded durable store (one data directory) or a shared PostgreSQL. */
  @WithDefault("embedded")
  Backend backend();

  Embedded embedded();

  Postgres postgres();

  /** How many change events are kept for watchers that resume after a disconnect. */
  @WithDefault("100000")
  int eventRetention();

  /** Create the "default" Mesh at start-up when it does not exist, as Kuma does. */
  @WithDefault("true")
  boolean createDefaultMesh();

  /** Name of this zone, written into the kuma.io/zone label of zone-provided kinds. */
  @WithDefault("default")
  String zone();

  enum Backend { embedded, postgres }

  interface Embedded {
    /** Directory of the embedded store; created if absent. */
    @WithDefault("${user.home}/.atrium/store")
    Path dataDir();

    /** FULL fsyncs every commit (survives power loss); NORMAL survives a killed process only. */
    @WithDefault("FULL")
    String sync();
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
