package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.kube.KubeApiServer;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart's life against a real kube-apiserver 1.34 (etcd + apiserver on loopback, no kubelet, so no
 * Pod ever runs and `helm install` does not --wait): install creates every rendered object and the
 * CRDs, the webhook configurations trust the generated CA, each service account may do what its service
 * needs and nothing more, an upgrade changes the Deployments and keeps the CA, uninstall removes it all
 * but the CRDs (Helm never deletes crds/). The steps run in order on one release.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallTest {
  private static final String NS = Helm.NAMESPACE;
  private static final String SA = "system:serviceaccount:" + NS + ":";
  private static final List<String> UPGRADE = List.of("--set", "xds.replicas=3", "--set", "store.backend=kubernetes",
      "--set", "webhook.controllers.gatewayNamespaces={demo}");

  private static KubeApiServer kube;
  private static Helm helm;
  /** Every object each revision created, for the uninstall check. */
  private static final Set<Manifests.Ref> everInstalled = new TreeSet<>();
  private static String caAtInstall;
  private static final Map<String, String> internalAtInstall = new TreeMap<>();

  @BeforeAll
  static void start() {
    helm = Helm.locate();
    // No controller-manager here removes the pvc-protection finalizer, so a deleted claim would stay
    // Terminating forever; without the plugin, deletion is what Helm asked for and nothing more.
    kube = KubeApiServer.start(List.of("--disable-admission-plugins=ServiceAccount,StorageObjectInUseProtection"));
    kube.kubectl("create", "namespace", "demo");
    kube.kubectl("create", "namespace", "other");
  }

  @AfterAll
  static void stop() {
    if (kube != null) kube.close();
    if (helm != null) helm.close();
  }

  @Test
  @Order(1)
  void installCreatesEveryRenderedObject() {
    String out = helm.ok("install", Helm.RELEASE, Helm.chart().toString(), "--namespace", NS, "--create-namespace",
        "--kubeconfig", kube.kubeconfig().toString());
    assertThat(out).contains("STATUS: deployed", "http://atrium-resource-store.atrium-system.svc:5681",
        "https://atrium-xds-server.atrium-system.svc:5678", "http://atrium-metrics.atrium-system.svc:5680/prometheus/sd");

    Manifests installed = Manifests.parse(helm.ok("get", "manifest", Helm.RELEASE, "-n", NS, "--kubeconfig", kube.kubeconfig().toString()));
    Manifests rendered = Manifests.parse(helm.renderOk(List.of())).withoutHooks();
    assertThat(installed.refs()).isEqualTo(rendered.refs());
    assertThat(kinds(installed.refs())).contains("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "ClusterRole",
        "Role", "Secret", "PersistentVolumeClaim", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
    assertThat(listed(installed.refs())).isEqualTo(byType(installed.refs()));
    everInstalled.addAll(installed.refs());

    // The CRDs came from crds/, before the templates.
    Set<String> crds = lines(kube.kubectl("get", "crd", "-l", "app.kubernetes.io/part-of=atrium", "-o", "name"));
    assertThat(crds).hasSize(ChartCases.crdPlurals().size())
        .contains("customresourcedefinition.apiextensions.k8s.io/meshgatewayinstances.kuma.io");
    // Deployments exist as the API server stored them (no controller ever makes their Pods here).
    assertThat(kube.kubectl("get", "deployment", "atrium-resource-store", "-n", NS, "-o", "jsonpath={.spec.strategy.type}"))
        .isEqualTo("Recreate");
  }

  @Test
  @Order(2)
  void webhookConfigurationsCarryTheGeneratedCa() {
    caAtInstall = kube.kubectl("get", "secret", "atrium-admission-webhook-tls", "-n", NS, "-o", "jsonpath={.data.ca\\.crt}");
    assertThat(caAtInstall).isNotBlank();
    assertThat(caBundles()).hasSize(4).allSatisfy(ca -> assertThat(ca).isEqualTo(caAtInstall));
  }

  @Test
  @Order(2)
  void everyServiceHasACertificateOfTheInternalCaForItsServiceNames() throws Exception {
    X509Certificate ca = certificate("atrium-internal-ca", "tls.crt");
    internalAtInstall.clear();
    for (String component : List.of("resource-store", "xds-server", "metrics", "admission-webhook")) {
      String secret = "atrium-" + component + "-internal-tls";
      X509Certificate cert = certificate(secret, "tls.crt");
      cert.verify(ca.getPublicKey());
      assertThat(certificate(secret, "ca.crt")).isEqualTo(ca);
      assertThat(cert.getExtendedKeyUsage()).as(component).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
      assertThat(sans(cert)).as(component).contains("atrium-" + component + "." + NS + ".svc",
          "atrium-" + component + "." + NS + ".svc.cluster.local");
      internalAtInstall.put(component, kube.kubectl("get", "secret", secret, "-n", NS, "-o", "jsonpath={.data.tls\\.crt}"));
    }
    assertThat(sans(certificate("atrium-resource-store-internal-tls", "tls.crt"))).contains("localhost", "127.0.0.1");
    // What proxies verify the xds-server with: the same CA, published without its key.
    assertThat(kube.kubectl("get", "configmap", "atrium-xds-ca", "-n", NS, "-o", "jsonpath={.binaryData.ca\\.crt}"))
        .isEqualTo(kube.kubectl("get", "secret", "atrium-internal-ca", "-n", NS, "-o", "jsonpath={.data.tls\\.crt}"));
  }

  @Test
  @Order(3)
  void serviceAccountsMayDoWhatTheirServiceNeedsAndNothingMore() {
    // resource-store on its embedded backend: nothing in the cluster.
    no("atrium-resource-store", "list", "secrets", "-n", NS);
    no("atrium-resource-store", "list", "meshes.kuma.io", "-A");
    no("atrium-resource-store", "create", "pods", "-n", NS);
    // xds-server: talks gRPC to the store; asks the API server only who a proxy's service account
    // token belongs to (TokenReview) and which service account that proxy's Pod runs as.
    yes("atrium-xds-server", "create", "tokenreviews.authentication.k8s.io", "-A");
    yes("atrium-xds-server", "get", "pods", "-n", "demo");
    no("atrium-xds-server", "get", "secrets", "-n", NS);
    no("atrium-xds-server", "list", "pods", "-A");
    no("atrium-xds-server", "watch", "pods", "-n", "demo");
    no("atrium-xds-server", "update", "pods", "-n", "demo");
    no("atrium-xds-server", "get", "configmaps", "-n", NS);
    no("atrium-xds-server", "list", "dataplanes.kuma.io", "-A");
    // metrics: nothing either.
    no("atrium-metrics", "create", "pods", "-n", NS);
    no("atrium-metrics", "list", "secrets", "-n", NS);
    no("atrium-metrics", "list", "pods", "-A");
    // admission-webhook: reads the cluster, writes gateway objects, leads through its Lease.
    String webhook = "atrium-admission-webhook";
    yes(webhook, "create", "leases.coordination.k8s.io", "-n", NS);
    yes(webhook, "get", "leases.coordination.k8s.io/atrium-controllers", "-n", NS);
    yes(webhook, "patch", "leases.coordination.k8s.io/atrium-controllers", "-n", NS);
    yes(webhook, "update", "leases.coordination.k8s.io/atrium-controllers", "-n", NS);
    no(webhook, "patch", "leases.coordination.k8s.io/someone-elses", "-n", NS);
    no(webhook, "list", "leases.coordination.k8s.io", "-n", NS);
    no(webhook, "create", "leases.coordination.k8s.io", "-n", "default");
    yes(webhook, "watch", "namespaces", "-A");
    yes(webhook, "list", "pods", "-A");
    yes(webhook, "watch", "services", "-A");
    yes(webhook, "list", "deployments.apps", "-A");
    yes(webhook, "get", "replicasets.apps", "-n", "demo");
    yes(webhook, "get", "jobs.batch", "-n", "demo");
    yes(webhook, "create", "deployments.apps", "-n", "demo");
    yes(webhook, "patch", "services", "-n", "other");
    yes(webhook, "delete", "deployments.apps", "-n", "other");
    yes(webhook, "get", "meshgatewayinstances.kuma.io", "-n", "demo");
    yes(webhook, "patch", "meshgatewayinstances.kuma.io", "--subresource=status", "-n", "demo");
    no(webhook, "update", "meshgatewayinstances.kuma.io", "-n", "demo");
    no(webhook, "create", "meshgatewayinstances.kuma.io", "-n", "demo");
    no(webhook, "list", "meshes.kuma.io", "-A"); // meshSource store: meshes come from the store
    no(webhook, "get", "secrets", "-n", NS);
    no(webhook, "list", "secrets", "-A");
    no(webhook, "create", "pods", "-n", "demo");
    no(webhook, "delete", "pods", "-n", "demo");
    no(webhook, "create", "namespaces", "-A");
    no(webhook, "update", "mutatingwebhookconfigurations.admissionregistration.k8s.io", "-A");
    no(webhook, "update", "clusterroles.rbac.authorization.k8s.io", "-A");
  }

  @Test
  @Order(4)
  void upgradeChangesTheDeploymentsAndKeepsTheCa() {
    List<String> args = new ArrayList<>(List.of("upgrade", Helm.RELEASE, Helm.chart().toString(), "--namespace", NS,
        "--kubeconfig", kube.kubeconfig().toString()));
    args.addAll(UPGRADE);
    Helm.Result r = helm.run(args);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).contains("REVISION: 2");

    assertThat(kube.kubectl("get", "deployment", "atrium-xds-server", "-n", NS, "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
    assertThat(kube.kubectl("get", "deployment", "atrium-resource-store", "-n", NS, "-o",
        "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"ATRIUM_STORE_BACKEND\")].value}")).isEqualTo("kubernetes");
    assertThat(kube.kubectl("get", "serviceaccount", "atrium-resource-store", "-n", NS, "-o",
        "jsonpath={.automountServiceAccountToken}")).isEqualTo("true");

    // The same CA: the chart looked the Secret up instead of generating another.
    assertThat(kube.kubectl("get", "secret", "atrium-admission-webhook-tls", "-n", NS, "-o", "jsonpath={.data.ca\\.crt}"))
        .isEqualTo(caAtInstall);
    assertThat(caBundles()).hasSize(4).allSatisfy(ca -> assertThat(ca).isEqualTo(caAtInstall));
    // And the same internal certificates: the services and the proxies keep trusting each other.
    internalAtInstall.forEach((component, cert) -> assertThat(kube.kubectl("get", "secret", "atrium-" + component + "-internal-tls",
        "-n", NS, "-o", "jsonpath={.data.tls\\.crt}")).as(component).isEqualTo(cert));

    // What the new values add and drop is exactly what the cluster holds now.
    Manifests installed = Manifests.parse(helm.ok("get", "manifest", Helm.RELEASE, "-n", NS, "--kubeconfig", kube.kubeconfig().toString()));
    Manifests rendered = Manifests.parse(helm.renderOk(List.of(), UPGRADE.toArray(String[]::new))).withoutHooks();
    assertThat(installed.refs()).isEqualTo(rendered.refs());
    assertThat(installed.refs()).extracting(Manifests.Ref::name)
        .contains("atrium-resource-store-secrets").doesNotContain("atrium-resource-store-data");
    Set<Manifests.Ref> all = new TreeSet<>(everInstalled);
    all.addAll(installed.refs());
    assertThat(listed(all)).isEqualTo(byType(installed.refs()));
    everInstalled.addAll(installed.refs());
  }

  @Test
  @Order(5)
  void kubernetesStoreMayUseKumaObjectsAndItsSecretsOnly() {
    String store = "atrium-resource-store";
    yes(store, "list", "meshes.kuma.io", "-A");
    yes(store, "watch", "dataplanes.kuma.io", "-A");
    yes(store, "create", "dataplanes.kuma.io", "-n", "demo");
    yes(store, "update", "meshgatewayinstances.kuma.io", "-n", "demo");
    yes(store, "delete", "meshhttproutes.kuma.io", "-n", "demo");
    yes(store, "list", "secrets", "-n", NS);
    yes(store, "create", "secrets", "-n", NS);
    yes(store, "get", "namespaces/" + NS, "-A");
    no(store, "list", "secrets", "-n", "kube-system");
    no(store, "list", "secrets", "-A");
    no(store, "get", "namespaces/kube-system", "-A");
    no(store, "create", "namespaces", "-A");
    no(store, "create", "pods", "-n", NS);
    no(store, "patch", "meshgatewayinstances.kuma.io", "--subresource=status", "-n", "demo");
    // Gateways now only in the namespace listed in webhook.controllers.gatewayNamespaces.
    yes("atrium-admission-webhook", "create", "deployments.apps", "-n", "demo");
    yes("atrium-admission-webhook", "patch", "services", "-n", "demo");
    no("atrium-admission-webhook", "create", "deployments.apps", "-n", "other");
    no("atrium-admission-webhook", "patch", "services", "-n", "other");
    no("atrium-xds-server", "get", "secrets", "-n", NS);
  }

  @Test
  @Order(6)
  void uninstallRemovesEverythingButTheCrds() {
    helm.ok("uninstall", Helm.RELEASE, "--namespace", NS, "--wait", "--timeout", "60s", "--kubeconfig", kube.kubeconfig().toString());
    assertThat(listed(everInstalled)).as("objects of the release left after uninstall").isEmpty();
    assertThat(helm.ok("list", "-n", NS, "-q", "--kubeconfig", kube.kubeconfig().toString())).isBlank();
    assertThat(lines(kube.kubectl("get", "crd", "-l", "app.kubernetes.io/part-of=atrium", "-o", "name")))
        .as("Helm keeps the CRDs of crds/").hasSize(ChartCases.crdPlurals().size());
  }

  private static X509Certificate certificate(String secret, String key) throws Exception {
    String b64 = kube.kubectl("get", "secret", secret, "-n", NS, "-o", "jsonpath={.data." + key.replace(".", "\\.") + "}");
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64.trim())));
  }

  private static List<String> sans(X509Certificate cert) throws Exception {
    List<String> out = new ArrayList<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) out.add(String.valueOf(san.get(1)));
    return out;
  }

  /** The caBundle of every webhook in both configurations. */
  private static List<String> caBundles() {
    List<String> out = new ArrayList<>();
    for (String kind : List.of("mutatingwebhookconfiguration", "validatingwebhookconfiguration")) {
      String bundles = kube.kubectl("get", kind, "atrium-admission-webhook", "-o",
          "jsonpath={range .webhooks[*]}{.clientConfig.caBundle}{\"\\n\"}{end}");
      out.addAll(bundles.lines().toList());
    }
    return out;
  }

  /** What kubectl lists of the release (label app.kubernetes.io/instance) for each type of these objects; none: no entry. */
  private static Map<String, Set<String>> listed(Set<Manifests.Ref> refs) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String type : refs.stream().map(Manifests.Ref::kubectlType).collect(Collectors.toCollection(TreeSet::new))) {
      Set<String> objects = lines(kube.kubectl("get", type, "-A", "-l", "app.kubernetes.io/instance=" + Helm.RELEASE, "-o",
          "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}"));
      if (!objects.isEmpty()) out.put(type, objects);
    }
    return out;
  }

  private static Map<String, Set<String>> byType(Set<Manifests.Ref> refs) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Manifests.Ref r : refs) out.computeIfAbsent(r.kubectlType(), t -> new TreeSet<>()).add(r.namespace() + "/" + r.name());
    return out;
  }

  private static Set<String> kinds(Set<Manifests.Ref> refs) {
    return refs.stream().map(Manifests.Ref::kind).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> lines(String out) {
    return out.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static void yes(String serviceAccount, String... canI) {
    assertThat(canI(serviceAccount, canI)).as("%s may %s", serviceAccount, String.join(" ", canI)).isTrue();
  }

  private static void no(String serviceAccount, String... canI) {
    assertThat(canI(serviceAccount, canI)).as("%s may not %s", serviceAccount, String.join(" ", canI)).isFalse();
  }

  /** kubectl auth can-i as the service account (exit 0: yes, 1: no; anything else fails). */
  private static boolean canI(String serviceAccount, String... canI) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i"));
    args.addAll(Arrays.asList(canI));
    args.add("--as=" + SA + serviceAccount);
    KubeApiServer.KubectlResult r = kube.runKubectl(args.toArray(String[]::new));
    // A warning (an unknown resource type, say) would make "no" meaningless.
    if (r.exitCode() > 1 || !r.stderr().isBlank()) {
      throw new AssertionError("kubectl " + String.join(" ", args) + ": " + r.exitCode() + " " + r.stdout() + r.stderr());
    }
    return r.exitCode() == 0 && r.stdout().trim().equals("yes");
  }
}
