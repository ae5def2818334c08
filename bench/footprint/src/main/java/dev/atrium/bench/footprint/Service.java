package dev.atrium.bench.footprint;

import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.MetricsProcess;
import dev.atrium.testing.process.ServiceProcess;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.nio.file.Path;

/** The four services, by the names {@code --only} takes, and how each is created on its work directory. */
enum Service {
  STORE("store"), XDS_SERVER("xds-server"), ADMISSION_WEBHOOK("admission-webhook"), METRICS("metrics");

  final String label;

  Service(String label) {
    this.label = label;
  }

  static Service byLabel(String label) {
    for (Service s : values()) if (s.label.equals(label)) return s;
    throw new IllegalArgumentException("unknown service '" + label + "' (store, xds-server, admission-webhook, metrics)");
  }

  /**
   * A new, not yet started process of this service on {@code dir}: the same directory each time, so a later
   * run starts on what the earlier ones left (the store's data, the xds-server's self-signed certificate).
   */
  ServiceProcess create(Path dir, Beside beside) {
    return switch (this) {
      case STORE -> StoreProcess.embedded(dir);
      case XDS_SERVER -> new XdsServerProcess(beside.store(), dir);
      case ADMISSION_WEBHOOK -> new WebhookProcess(beside.kube(), beside.store(), beside.webhookCertificates(), dir)
          .logLevel("INFO"); // as deployed: DEBUG logs every admission
      case METRICS -> new MetricsProcess(beside.store(), dir);
    };
  }

  /**
   * What the measured services need running beside them, started once on first use and not measured: a store
   * (embedded backend, empty) for the three that follow one, and for the webhook a real kube-apiserver (its readiness
   * waits for a namespace informer's first list, WebhookReadiness, so it is never ready without one) and its serving certificate.
   */
  static final class Beside implements AutoCloseable {
    private final Path dir;
    private StoreProcess store;
    private KubeApiServer kube;
    private WebhookCertificates certs;

    Beside(Path dir) {
      this.dir = dir;
    }

    StoreProcess store() {
      if (store == null) store = StoreProcess.embedded(dir.resolve("store")).start();
      return store;
    }

    KubeApiServer kube() {
      if (kube == null) kube = KubeApiServer.start();
      return kube;
    }

    WebhookCertificates webhookCertificates() {
      if (certs == null) certs = WebhookCertificates.create(dir.resolve("webhook-pki"));
      return certs;
    }

    @Override
    public void close() {
      if (store != null) store.close();
      if (kube != null) kube.close();
    }
  }
}
