package dev.atrium.store.wiring;

import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.backend.jdbc.PostgresBackend;
import dev.atrium.store.backend.jdbc.SyncMode;
import dev.atrium.store.backend.kube.KubernetesBackend;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.watch.WatchHub;
import io.fabric8.kubernetes.client.Config;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Opens the configured backend once per process and the watch hub on top of it. */
public class BackendProducer {
  private static final Logger LOG = Logger.getLogger(BackendProducer.class);

  @Produces
  @Singleton
  StoreBackend backend(StoreConfig config, Instance<Config> kubernetes) {
    EventRetention retention = new EventRetention(config.eventRetention(), EventRetention.DEFAULT.compactEvery());
    return switch (config.backend()) {
      case embedded -> {
        SyncMode sync = SyncMode.valueOf(config.embedded().sync().toUpperCase(Locale.ROOT));
        LOG.infof("resource store: embedded, data directory %s, sync %s", config.embedded().dataDir(), sync);
        yield EmbeddedBackend.open(config.embedded().dataDir(), sync, retention);
      }
      case postgres -> {
        String url = config.postgres().url().orElseThrow(() -> new IllegalStateException(
            "atrium.store.backend=postgres needs atrium.store.postgres.url (env ATRIUM_STORE_POSTGRES_URL)"));
        LOG.infof("resource store: PostgreSQL at %s", url);
        yield PostgresBackend.open(url, config.postgres().user(), config.postgres().password().orElse(null),
            config.postgres().poolSize(), retention);
      }
      case kubernetes -> {
        // quarkus-kubernetes-client's Config: kubeconfig or the Pod's service account, quarkus.kubernetes-client.*.
        // Looked up only here, so the other backends never read a kubeconfig.
        Config kube = kubernetes.get();
        LOG.infof("resource store: Kubernetes API server %s, system namespace %s", kube.getMasterUrl(),
            config.kubernetes().systemNamespace());
        yield KubernetesBackend.open(kube, config.kubernetes().systemNamespace(),
            new EventRetention(config.kubernetes().eventRetention(), EventRetention.DEFAULT.compactEvery()),
            config.kubernetes().startTimeout());
      }
    };
  }

  void closeBackend(@Disposes StoreBackend backend) {
    backend.close();
  }

  @Produces
  @Singleton
  WatchHub watchHub(StoreBackend backend) {
    return new WatchHub(backend);
  }

  void closeHub(@Disposes WatchHub hub) {
    hub.close();
  }
}
