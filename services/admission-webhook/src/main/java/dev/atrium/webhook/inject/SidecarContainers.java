package dev.atrium.webhook.inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.webhook.metadata.KumaMetadata;
import dev.atrium.webhook.metadata.ProxyCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The containers and volumes injection adds, as Kubernetes JSON. Both containers run with a read-only
 * root file system, so each gets a small scratch {@code /tmp}.
 */
final class SidecarContainers {
  private SidecarContainers() {}

  static final String INIT_TMP_VOLUME = "kuma-init-tmp";
  static final String SIDECAR_TMP_VOLUME = "kuma-sidecar-tmp";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * {@code atrium-dp run}: the agent finds the control plane ({@code ATRIUM_CP_ADDRESS}, its own
   * variable) and its Dataplane identity ({@code <pod>.<namespace>} in the mesh, Kuma's naming on
   * Kubernetes) in its environment; the Pod's name, namespace and IP come from the downward API. It
   * authenticates with the Pod's service-account token ({@code tokenMount}, see
   * {@link ServiceAccountTokenMount}) and verifies the xds-server with the configured CA, if any, given
   * inline in {@code KUMA_CONTROL_PLANE_CA_CERT} (no volume: nothing has to exist in the Pod's namespace).
   * With {@code builtinDns} it runs its DNS relay where kuma-init sends the Pod's queries, told so in
   * Kuma's variables ({@code KUMA_DNS_ENABLED}, {@code KUMA_DNS_CORE_DNS_PORT}), which kuma-dp reads too.
   */
  static ObjectNode sidecar(InjectionSettings s, String mesh, boolean builtinDns, boolean nativeSidecar,
      Optional<ObjectNode> tokenMount) {
    ObjectNode c = NODES.objectNode();
    c.put("name", KumaMetadata.SIDECAR_CONTAINER);
    c.put("image", s.sidecarImage());
    c.put("imagePullPolicy", "IfNotPresent");
    c.putArray("args").add("run").add("--admin-port=" + s.envoyAdminPort()).add("--readiness-port=" + s.readinessPort());
    ArrayNode env = c.putArray("env");
    fieldRef(env, "POD_NAME", "metadata.name");
    fieldRef(env, "POD_NAMESPACE", "metadata.namespace");
    fieldRef(env, "INSTANCE_IP", "status.podIP");
    value(env, "ATRIUM_CP_ADDRESS", s.controlPlaneAddress());
    value(env, "ATRIUM_DATAPLANE_MESH", mesh);
    // $(VAR) refers to variables defined above it; the kubelet expands it when the container starts.
    value(env, "ATRIUM_DATAPLANE_NAME", "$(POD_NAME).$(POD_NAMESPACE)");
    value(env, ProxyCredentials.TOKEN_PATH_ENV, ProxyCredentials.TOKEN_PATH);
    s.controlPlaneCa().ifPresent(ca -> value(env, ProxyCredentials.CA_CERT_ENV, ca.pem()));
    if (builtinDns) {
      value(env, "KUMA_DNS_ENABLED", "true");
      value(env, "KUMA_DNS_CORE_DNS_PORT", String.valueOf(KumaMetadata.DNS_RELAY_PORT));
    }
    // atrium-dp's readiness port, not Envoy's admin: that one listens on 127.0.0.1, the kubelet probes the Pod IP.
    ObjectNode readiness = c.putObject("readinessProbe");
    readiness.putObject("httpGet").put("path", "/ready").put("port", s.readinessPort());
    readiness.put("initialDelaySeconds", 1).put("periodSeconds", 5).put("timeoutSeconds", 3).put("failureThreshold", 12);
    c.set("resources", resources(s.cpuRequest(), s.memoryRequest(), s.cpuLimit(), s.memoryLimit()));
    ObjectNode security = c.putObject("securityContext");
    security.put("runAsUser", s.sidecarUid()).put("runAsGroup", s.sidecarUid());
    security.put("readOnlyRootFilesystem", true).put("allowPrivilegeEscalation", false);
    security.putObject("capabilities").putArray("drop").add("ALL");
    ArrayNode mounts = c.putArray("volumeMounts");
    mounts.addObject().put("name", SIDECAR_TMP_VOLUME).put("mountPath", "/tmp");
    tokenMount.ifPresent(mounts::add);
    // A native sidecar: an init container that keeps running beside the application.
    if (nativeSidecar) c.put("restartPolicy", "Always");
    return c;
  }

  /**
   * Kuma's transparent-proxy setup ({@code kumactl install transparent-proxy}): iptables rules that
   * send the Pod's traffic through Envoy, except the sidecar's own (its UID) and the kubelet's readiness
   * probe of atrium-dp (as Kuma leaves its probe port out). A delegated gateway's inbound traffic is not
   * redirected: the gateway receives it directly and only what it sends into the mesh goes through Envoy.
   * With {@code builtinDns}, every DNS query the Pod sends goes to the sidecar's relay, as Kuma's
   * injector asks ({@code --redirect-all-dns-traffic}): {@code .mesh} names resolve there, the rest is
   * passed on to the Pod's resolvers.
   */
  static ObjectNode init(InjectionSettings s, boolean gateway, boolean builtinDns) {
    ObjectNode c = NODES.objectNode();
    c.put("name", KumaMetadata.INIT_CONTAINER);
    c.put("image", s.initImage());
    c.put("imagePullPolicy", "IfNotPresent");
    c.putArray("command").add("/usr/bin/kumactl").add("install").add("transparent-proxy");
    List<String> args = new ArrayList<>();
    args.add("--kuma-dp-user=" + s.sidecarUid());
    args.add("--redirect-outbound-port=" + s.outboundRedirectPort());
    if (gateway) {
      args.add("--redirect-inbound=false");
    } else {
      args.add("--redirect-inbound-port=" + s.inboundRedirectPort());
      args.add("--exclude-inbound-ports=" + s.readinessPort());
    }
    if (builtinDns) {
      args.add("--redirect-all-dns-traffic");
      args.add("--redirect-dns-port=" + KumaMetadata.DNS_RELAY_PORT);
    }
    args.add("--verbose");
    ArrayNode argArray = c.putArray("args");
    args.forEach(argArray::add);
    value(c.putArray("env"), "XTABLES_LOCKFILE", "/tmp/xtables.lock");
    c.set("resources", resources("20m", "20M", "100m", "50M"));
    ObjectNode security = c.putObject("securityContext");
    security.put("runAsUser", 0).put("runAsGroup", 0).put("readOnlyRootFilesystem", true);
    ObjectNode capabilities = security.putObject("capabilities");
    capabilities.putArray("add").add("NET_ADMIN").add("NET_RAW");
    capabilities.putArray("drop").add("ALL");
    c.putArray("volumeMounts").addObject().put("name", INIT_TMP_VOLUME).put("mountPath", "/tmp");
    return c;
  }

  static ObjectNode scratchVolume(String name) {
    ObjectNode v = NODES.objectNode();
    v.put("name", name);
    v.putObject("emptyDir").put("sizeLimit", "10M");
    return v;
  }

  private static ObjectNode resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    ObjectNode r = NODES.objectNode();
    r.putObject("requests").put("cpu", cpuRequest).put("memory", memoryRequest);
    r.putObject("limits").put("cpu", cpuLimit).put("memory", memoryLimit);
    return r;
  }

  private static void fieldRef(ArrayNode env, String name, String fieldPath) {
    env.addObject().put("name", name).putObject("valueFrom").putObject("fieldRef").put("fieldPath", fieldPath);
  }

  private static void value(ArrayNode env, String name, String value) {
    env.addObject().put("name", name).put("value", value);
  }
}
