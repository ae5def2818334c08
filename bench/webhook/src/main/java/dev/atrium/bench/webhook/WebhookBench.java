package dev.atrium.bench.webhook;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The admission webhook under a stream of Pod creations: a real etcd + kube-apiserver 1.34
 * ({@link KubeApiServer}), the packaged resource-store and the packaged admission webhook (controllers
 * off), the webhook registered as the API server's mutating webhook for Pod CREATE, and N Pods created
 * at a fixed rate through fabric8 in a namespace labelled {@code kuma.io/sidecar-injection=enabled}.
 * Prints a Markdown report on stdout (progress on stderr). A program, not a test: {@code mvn verify}
 * never runs it.
 *
 * <p>Usage: {@value #RUN_COMMAND} [N ...] [--rate=50] [--warmup=1000] [--threads=32] [--window-wait=125] [--webhook-log=INFO]
 */
public final class WebhookBench {
  static final String RUN_COMMAND = "bench/webhook/run.sh";
  private static final List<Integer> DEFAULT_N = List.of(1000);
  private static final String NAMESPACE = "bench";
  private static final String HOOK = "pods.atrium.dev";
  private static final String TIMER = "atrium_webhook_admission_seconds";
  /** The same times' windowed p50/p99: a summary of their own (a histogram with quantiles is not valid text format). */
  private static final String PERCENTILES = "atrium_webhook_admission_percentiles_seconds";
  private static final Map<String, String> POD_TIMER = Map.of("webhook", "pods", "outcome", "patched");
  private static final String API_HISTOGRAM = "apiserver_admission_webhook_admission_duration_seconds";
  private static final Map<String, String> API_LABELS = Map.of("name", HOOK, "operation", "CREATE", "type", "admit");
  private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  record Options(double rate, int warmup, int threads, int windowWaitSeconds, String webhookLogLevel) {}

  record Result(int n, PodLoad.Result load, double timerP50, double timerP99, double timerMax,
      PromText.Histogram timer, PromText.Histogram api, long webhookRssKiB, String webhookFlags, String loadAfter,
      String failure) {}

  private WebhookBench() {}

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    double rate = 50;
    int warmup = 1000;
    int threads = 32;
    int windowWait = 125;
    String logLevel = "INFO";
    for (String a : args) {
      if (a.startsWith("--rate=")) rate = Double.parseDouble(a.substring("--rate=".length()));
      else if (a.startsWith("--warmup=")) warmup = Integer.parseInt(a.substring("--warmup=".length()));
      else if (a.startsWith("--threads=")) threads = Integer.parseInt(a.substring("--threads=".length()));
      else if (a.startsWith("--window-wait=")) windowWait = Integer.parseInt(a.substring("--window-wait=".length()));
      else if (a.startsWith("--webhook-log=")) logLevel = a.substring("--webhook-log=".length()).toUpperCase(Locale.ROOT);
      else if (a.matches("\\d+")) sizes.add(Integer.parseInt(a));
      else throw new IllegalArgumentException("usage: " + RUN_COMMAND
          + " [N ...] [--rate=50] [--warmup=1000] [--threads=32] [--window-wait=125] [--webhook-log=INFO]");
    }
    if (sizes.isEmpty()) sizes.addAll(DEFAULT_N);
    Options options = new Options(rate, warmup, threads, warmup > 0 ? windowWait : 0, logLevel);

    System.out.println("# admission webhook: Pod CREATE through a real kube-apiserver, sidecar injection\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + String.join("", Stream.of(args).map(a -> " " + a).toList()) + "`\n");

    List<Result> results = new ArrayList<>();
    int failures = 0;
    for (int n : sizes) {
      Result r = measure(n, options);
      if (r.failure() != null) failures++;
      results.add(r);
    }

    System.out.println("| N Pods | rate target /s | achieved /s | create p50 ms | create p99 ms | webhook handler p50 ms "
        + "| webhook handler p99 ms | API server → webhook p50 ms (interpolated) | API server → webhook p99 ms (interpolated) | webhook RSS MiB |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      if (r.load() == null) {
        System.out.printf(Locale.ROOT, "| %d | FAILED: %s |||||||||%n", r.n(), r.failure());
        continue;
      }
      Percentiles create = Percentiles.of(r.load().latencyNanos());
      System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.3f | %.3f | %.2f | %.2f | %.0f |%n", r.n(),
          options.rate(), r.load().achievedRate(), create.ms(50), create.ms(99), r.timerP50() * 1e3, r.timerP99() * 1e3,
          r.api().quantile(0.5) * 1e3, r.api().quantile(0.99) * 1e3, r.webhookRssKiB() / 1024.0);
    }
    System.out.println();
    System.out.println("Target (the Kubernetes issue): webhook handler p99 under 2 ms. Anchor: Kyverno's admission "
        + "averages 42.7 ms.\n");
    notes(results, options).forEach(n -> System.out.println("- " + n));
    System.exit(failures == 0 ? 0 : 1);
  }

  private static List<String> notes(List<Result> results, Options o) {
    List<String> notes = new ArrayList<>();
    notes.add("topology: etcd + kube-apiserver v1.34.4 (KubeApiServer: loopback, no kubelet or scheduler, so the Pods "
        + "stay Pending), the resource-store (embedded backend; it holds the `default` mesh) and the packaged "
        + "admission webhook (HTTPS on 127.0.0.1, controllers off, log level " + o.webhookLogLevel() + "), registered by URL + CA bundle as the "
        + "mutating webhook `" + HOOK + "` for Pod CREATE (failurePolicy Fail, timeout 10 s). Fresh processes per N.");
    notes.add("load: namespace `" + NAMESPACE + "` labelled `kuma.io/sidecar-injection=enabled`; Pods `pod-<i>` (one "
        + "container, one named port) created with fabric8 7 (JDK HTTP client, HTTP/2, admin client certificate): a "
        + "fixed-rate ticker starts create i at t0 + i/rate and hands it to " + o.threads() + " threads. create "
        + "latency = fabric8 call → the API server's answer (the stored, injected Pod); nearest rank. achieved = N / "
        + "(first start → last answer). Every answer is checked to carry the `kuma-sidecar` container.");
    notes.add("warm-up: " + o.warmup() + " Pods `warm-<i>` at the same rate first (not counted), then a wait of "
        + o.windowWaitSeconds() + " s so they leave the webhook timer's percentile window (see below).");
    notes.add("webhook handler = the webhook's own Micrometer timer `" + TIMER + "{webhook=\"pods\",outcome=\"patched\"}` "
        + "(parse the AdmissionReview, decide with cached namespace and mesh lookups, write the answer; no TLS, no "
        + "network): its published p50/p99 (`" + PERCENTILES + "`) from the management port's /q/metrics, read right "
        + "after the last create. Micrometer computes them over a sliding window (3 buffers over 2 min: samples older than 120 s are "
        + "gone, the last 80 s are all in) with 1 significant-digit precision buckets; the wait after the warm-up "
        + "leaves only the measured Pods in it.");
    notes.add("API server → webhook = the API server's own histogram `" + API_HISTOGRAM + "{name=\"" + HOOK
        + "\",operation=\"CREATE\",type=\"admit\"}` from https://127.0.0.1:<port>/metrics (admin client certificate), "
        + "difference of two scrapes around the measured Pods; p50/p99 by linear interpolation inside the bucket where "
        + "the rank falls, like Prometheus' histogram_quantile. Its buckets are 5, 25, 100, 500 ms, …: below 5 ms the "
        + "interpolation only spreads the samples evenly over 0–5 ms, so read the mean (exact: sum/count) beside it. It "
        + "covers the API server's whole call: encoding the AdmissionReview, TLS, the webhook, decoding and applying "
        + "the patch.");
    for (Result r : results) {
      if (r.load() == null) continue;
      String p = "N=" + r.n() + ": ";
      Percentiles create = Percentiles.of(r.load().latencyNanos());
      boolean saturated = r.load().maxInFlight() >= o.threads();
      notes.add(String.format(Locale.ROOT, "%screate max %.1f ms; at most %d of %d client threads busy (%s); creates "
          + "started at most %.1f ms behind schedule; %d of %d injected%s.", p, create.maxMs(), r.load().maxInFlight(),
          o.threads(), saturated ? "ALL: the client may have limited the rate, give it more --threads"
              : "the pool never ran out, so a late start is the ticker thread waiting for a core",
          r.load().maxLagNanos() / 1e6, r.load().injected(), r.n(), r.load().failures().isEmpty() ? ""
              : "; failures: " + r.load().failures().size() + " (first: " + r.load().failures().get(0) + ")"));
      double[] t50 = r.timer().bucketAround(0.5);
      double[] t99 = r.timer().bucketAround(0.99);
      notes.add(String.format(Locale.ROOT, "%swebhook timer: %.0f observations between the scrapes (N expected); mean "
          + "%.3f ms (sum/count); max %.3f ms (Micrometer's windowed max); from its histogram buckets p50 %.3f ms (bucket "
          + "%s) and p99 %.3f ms (bucket %s).", p, r.timer().count(), r.timer().mean() * 1e3, r.timerMax() * 1e3,
          r.timer().quantile(0.5) * 1e3, range(t50), r.timer().quantile(0.99) * 1e3, range(t99)));
      double[] a50 = r.api().bucketAround(0.5);
      double[] a99 = r.api().bucketAround(0.99);
      notes.add(String.format(Locale.ROOT, "%sAPI server histogram: %.0f calls between the scrapes; mean %.3f ms "
          + "(sum/count); p50 in bucket %s, p99 in bucket %s.", p, r.api().count(), r.api().mean() * 1e3, range(a50),
          range(a99)));
      notes.add(p + "load average (1/5/15 min) right after the measured Pods: " + r.loadAfter() + " (etcd, the API "
          + "server, the webhook, the store and this client share the machine's cores with whatever else runs).");
      if (r.webhookFlags() != null && !r.webhookFlags().isEmpty()) {
        notes.add(p + "webhook JVM flags `" + r.webhookFlags() + "`; RSS = VmRSS right after the last create, no GC forced.");
      }
    }
    for (Result r : results) {
      if (r.failure() != null) notes.add("N=" + r.n() + ": FAILED: " + r.failure());
    }
    return notes;
  }

  private static String range(double[] b) {
    return String.format(Locale.ROOT, "%.3f–%s ms", b[0] * 1e3,
        b[1] == Double.POSITIVE_INFINITY ? "∞" : String.format(Locale.ROOT, "%.3f", b[1] * 1e3));
  }

  private static Result measure(int n, Options o) {
    Path work = workDir("atrium-bench-webhook-");
    String flags = null;
    progress("N=" + n + ": starting etcd + kube-apiserver, the store and the webhook");
    try (KubeApiServer kube = KubeApiServer.start();
         StoreProcess store = StoreProcess.embedded(work.resolve("store")).start();
         WebhookProcess webhook = new WebhookProcess(kube, store, WebhookCertificates.create(work.resolve("pki")),
             work.resolve("webhook")).logLevel(o.webhookLogLevel()).start();
         KubernetesClient client = kube.newClient()) {
      flags = webhook.jvmFlags();
      WebhookCertificates certs = new WebhookCertificates(work.resolve("pki"));
      Path config = Files.writeString(work.resolve("webhook-configuration.yaml"),
          configuration(webhook.url(), certs.caBundle()));
      kube.kubectl("apply", "-f", config.toString());
      kube.kubectl("create", "namespace", NAMESPACE);
      kube.kubectl("label", "namespace", NAMESPACE, "kuma.io/sidecar-injection=enabled");
      awaitInjection(client, webhook);

      if (o.warmup() > 0) {
        progress("N=" + n + ": " + o.warmup() + " warm-up Pods at " + o.rate() + "/s");
        PodLoad.Result warm = PodLoad.run(client, NAMESPACE, "warm-", o.warmup(), o.rate(), o.threads());
        if (!warm.failures().isEmpty()) throw new IllegalStateException("warm-up: " + warm.failures().get(0));
        progress("N=" + n + ": waiting " + o.windowWaitSeconds() + " s for the warm-up to leave the timer's window");
        Thread.sleep(o.windowWaitSeconds() * 1000L);
      }

      PromText hookBefore = PromText.parse(get(PLAIN, webhook.managementUrl() + "/q/metrics"));
      PromText apiBefore = PromText.parse(get(kube.adminHttpClient(), kube.url() + "/metrics"));
      progress("N=" + n + ": creating " + n + " Pods at " + o.rate() + "/s");
      PodLoad.Result load = PodLoad.run(client, NAMESPACE, "pod-", n, o.rate(), o.threads());
      PromText hookAfter = PromText.parse(get(PLAIN, webhook.managementUrl() + "/q/metrics"));
      PromText apiAfter = PromText.parse(get(kube.adminHttpClient(), kube.url() + "/metrics"));
      long rss = webhook.rssKiB();
      if ("DEBUG".equals(o.webhookLogLevel())) keepLog(webhook, n);
      String loadAfter = loadAverage();

      double p50 = hookAfter.value(PERCENTILES, with(POD_TIMER, "quantile", "0.5"));
      double p99 = hookAfter.value(PERCENTILES, with(POD_TIMER, "quantile", "0.99"));
      double max = hookAfter.value(TIMER + "_max", POD_TIMER);
      PromText.Histogram timer = hookAfter.histogram(TIMER, POD_TIMER).minus(hookBefore.histogram(TIMER, POD_TIMER));
      PromText.Histogram api = apiAfter.histogram(API_HISTOGRAM, API_LABELS).minus(apiBefore.histogram(API_HISTOGRAM, API_LABELS));
      String failure = load.failures().isEmpty() ? null : load.failures().size() + " creates failed: " + load.failures().get(0);
      progress(String.format(Locale.ROOT, "N=%d: done, %.1f/s, webhook p99 %.3f ms", n, load.achievedRate(), p99 * 1e3));
      return new Result(n, load, p50, p99, max, timer, api, rss, flags, loadAfter, failure);
    } catch (Exception e) {
      progress("N=" + n + " failed: " + e);
      return new Result(n, null, 0, 0, 0, null, null, 0, flags, null, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    } finally {
      deleteTree(work);
    }
  }

  /** The mutating webhook for Pod CREATE, by URL (it runs outside the cluster here), as an operator registers it. */
  static String configuration(String url, String caBundle) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: atrium-sidecar-injector
        webhooks:
          - name: %s
            clientConfig:
              url: %s/mutate/pods
              caBundle: %s
            rules:
              - operations: [CREATE]
                apiGroups: [""]
                apiVersions: [v1]
                resources: [pods]
            namespaceSelector:
              matchExpressions:
                - {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}
            admissionReviewVersions: [v1]
            sideEffects: None
            failurePolicy: Fail
            timeoutSeconds: 10
        """.formatted(HOOK, url, caBundle);
  }

  /**
   * The API server picks the configuration up through its own informer, and the webhook sees the
   * namespace's label through its: dry-run a Pod until it comes back injected.
   */
  private static void awaitInjection(KubernetesClient client, WebhookProcess webhook) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        Pod probe = client.pods().inNamespace(NAMESPACE).resource(PodLoad.pod("probe")).dryRun().create();
        if (probe.getSpec().getContainers().stream().anyMatch(c -> PodLoad.SIDECAR.equals(c.getName()))) return;
        last = "a Pod without the sidecar";
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Pods are not injected after 60 s (last: " + last + "); webhook log:\n"
        + webhook.logTail());
  }

  /** At DEBUG the webhook logs every admission with its handling time: kept beside the build, the work dir goes. */
  private static void keepLog(WebhookProcess webhook, int n) throws IOException {
    Path kept = Path.of(System.getProperty("atrium.repo.root", "."), "bench/webhook/target", "webhook-" + n + ".log");
    Files.createDirectories(kept.getParent());
    Files.writeString(kept, webhook.log());
    progress("N=" + n + ": the webhook's log (one line per admission with its handling time) is in " + kept);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(labels);
    out.put(key, value);
    return out;
  }

  private static String get(HttpClient client, String url) {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
