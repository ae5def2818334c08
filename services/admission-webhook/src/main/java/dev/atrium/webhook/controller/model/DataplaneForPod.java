package dev.atrium.webhook.controller.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Gateway;
import dev.atrium.core.model.dataplane.DataplaneSpec.GatewayType;
import dev.atrium.core.model.dataplane.DataplaneSpec.Health;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.webhook.metadata.KumaMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Pod (with the Services of its namespace) to the Dataplane it should have, or why it should have
 * none — the desired state only; writing it is {@code assembly.DataplaneReconciler}'s job.
 *
 * <p>Which Pods: those with the sidecar ({@code kuma.io/sidecar-injected: true}) or a
 * {@code kuma.io/gateway} annotation, once they have an IP and until they finish (Succeeded or Failed).
 * What they get, as Kuma's PodReconciler gives it: a sidecar one inbound per TCP port of every Service
 * selecting it (or one service-less inbound); {@code kuma.io/gateway: enabled} a DELEGATED gateway
 * tagged like its first inbound; {@code builtin} a BUILTIN gateway with the tags of its
 * {@code kuma.io/tags} annotation (what the MeshGatewayInstance Deployment puts there).
 */
public final class DataplaneForPod {
  /** What should exist for one Pod. */
  public sealed interface Decision permits Want, NoDataplane, Invalid {}

  public record Want(DesiredDataplane dataplane) implements Decision {}

  /** No Dataplane should exist (one that does is removed). */
  public record NoDataplane(String reason) implements Decision {}

  /** The Pod asks for something that cannot be built; an existing Dataplane is left as it is, as in Kuma. */
  public record Invalid(String reason) implements Decision {}

  /** The workload owning a Pod (a Deployment's name for its Pods), for service-less names. */
  public record Workload(String name, String kind) {}

  @FunctionalInterface
  public interface Workloads {
    Workload of(Pod pod);
  }

  private static final int SERVICELESS_PORT = 49151; // Kuma's TCPPortReserved: never a real port

  private final Optional<String> zone;

  public DataplaneForPod(Optional<String> zone) {
    this.zone = zone;
  }

  public Decision decide(Pod pod, List<Service> servicesInNamespace, Namespace namespace, Workloads workloads) {
    Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
    String gateway = annotations.get(KumaMetadata.GATEWAY);
    boolean sidecar = KumaMetadata.onOff(annotations.get(KumaMetadata.SIDECAR_INJECTED)).orElse(false);
    if (gateway == null && !sidecar) return new NoDataplane("the Pod has neither the sidecar nor a gateway annotation");
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) return new NoDataplane("the Pod has finished (" + phase + ")");
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) return new NoDataplane("the Pod has no IP yet");

    String ns = pod.getMetadata().getNamespace();
    List<Service> services = selecting(pod, servicesInNamespace);
    Networking networking;
    if (gateway == null) {
      networking = networking(ip, inbounds(pod, services, workloads, false), null, annotations);
    } else {
      Gateway gw;
      switch (gateway) {
        case KumaNames.GATEWAY_ENABLED -> gw = delegated(inbounds(pod, services, workloads, true).get(0).tags());
        case KumaNames.GATEWAY_PROVIDED -> {
          Workload w = workloads.of(pod);
          gw = "Deployment".equals(w.kind())
              ? delegated(Map.of(KumaNames.SERVICE_TAG, w.name() + "_" + ns + "_svc"))
              : delegated(inbounds(pod, services, workloads, true).get(0).tags());
        }
        case KumaNames.GATEWAY_BUILTIN -> {
          Optional<Map<String, String>> tags = builtinTags(annotations);
          if (tags.isEmpty()) return new Invalid("the builtin gateway Pod has no " + KumaNames.TAGS_ANNOTATION
              + " annotation with a " + KumaNames.SERVICE_TAG + " tag");
          gw = new Gateway(tags.get(), GatewayType.BUILTIN);
        }
        default -> {
          return new Invalid("invalid delegated gateway type '" + gateway + "'");
        }
      }
      networking = networking(ip, List.of(), gw, annotations);
    }
    String name = pod.getMetadata().getName() + "." + ns;
    return new Want(new DesiredDataplane(MeshOf.of(pod, namespace), name, labels(pod, zone),
        new DataplaneSpec(networking, null, null)));
  }

  /** Services of the Pod's namespace whose (non-empty) selector matches its labels; ExternalName ones never. */
  static List<Service> selecting(Pod pod, List<Service> services) {
    Map<String, String> labels = orEmpty(pod.getMetadata().getLabels());
    List<Service> out = new ArrayList<>();
    for (Service s : services) {
      if (s.getSpec() == null || "ExternalName".equals(s.getSpec().getType())) continue;
      Map<String, String> selector = orEmpty(s.getSpec().getSelector());
      if (selector.isEmpty()) continue;
      if (selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) out.add(s);
    }
    out.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    return out;
  }

  private List<Inbound> inbounds(Pod pod, List<Service> services, Workloads workloads, boolean gateway) {
    List<Inbound> out = new ArrayList<>();
    for (Service svc : services) {
      for (ServicePort port : svc.getSpec().getPorts()) {
        if (!ServicePorts.isTcp(port)) continue;
        Optional<ServicePorts.Target> target = ServicePorts.target(pod, port);
        if (target.isEmpty()) continue; // the Pod lacks the named port this Service sends to
        boolean ready = PodReadiness.ready(pod, target.get().container());
        out.add(new Inbound(target.get().port(), null, null, null,
            InboundTags.forServicePort(pod, svc, port, zone, gateway), new Health(ready), null,
            ready ? Inbound.State.Ready : Inbound.State.NotReady, target.get().name()));
      }
    }
    if (out.isEmpty()) {
      boolean ready = PodReadiness.ready(pod, null);
      out.add(new Inbound(SERVICELESS_PORT, null, null, null, InboundTags.serviceless(pod, workloads.of(pod).name(), zone),
          new Health(ready), null, ready ? Inbound.State.Ready : Inbound.State.NotReady, null));
    }
    return out;
  }

  private Gateway delegated(Map<String, String> tags) {
    return new Gateway(tags, GatewayType.DELEGATED);
  }

  private Optional<Map<String, String>> builtinTags(Map<String, String> annotations) {
    String json = annotations.get(KumaNames.TAGS_ANNOTATION);
    if (json == null) return Optional.empty();
    Map<String, String> tags;
    try {
      tags = new TreeMap<>(Mappers.JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (!tags.containsKey(KumaNames.SERVICE_TAG)) return Optional.empty();
    zone.ifPresent(z -> tags.put(KumaNames.ZONE_TAG, z));
    return Optional.of(tags);
  }

  private static Networking networking(String ip, List<Inbound> inbounds, Gateway gateway, Map<String, String> annotations) {
    return new Networking(ip, null, inbounds, null, gateway, TransparentProxyAnnotations.of(annotations),
        TransparentProxyAnnotations.admin(annotations));
  }

  /**
   * The Pod's labels (Kuma's own {@code kuma.io/} ones left out) and the labels Kuma puts on a
   * Dataplane (or ZoneIngress) it made from a Pod: its name and namespace on Kubernetes, origin,
   * environment, zone and service account.
   */
  static Map<String, String> labels(Pod pod, Optional<String> zone) {
    Map<String, String> labels = new TreeMap<>();
    orEmpty(pod.getMetadata().getLabels()).forEach((k, v) -> {
      if (!k.contains("kuma.io/")) labels.put(k, v);
    });
    labels.put(KumaNames.DISPLAY_NAME, pod.getMetadata().getName());
    labels.put(KumaNames.K8S_NAMESPACE, pod.getMetadata().getNamespace());
    labels.put(KumaNames.ORIGIN, "zone");
    labels.put(KumaNames.ENV, "kubernetes");
    zone.ifPresent(z -> labels.put(KumaNames.ZONE_TAG, z));
    String account = pod.getSpec().getServiceAccountName();
    if (account != null && !account.isEmpty()) labels.put(KumaNames.K8S_SERVICE_ACCOUNT, account);
    return labels;
  }

  static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
