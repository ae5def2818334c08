package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.dataplane.DataplaneSpec.Admin;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec.Networking;
import dev.atrium.webhook.metadata.KumaMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Pod annotated {@code kuma.io/ingress: enabled} to the ZoneIngress it should have, as Kuma 2.14's Pod
 * controller makes it (the desired state only; {@code assembly.ZoneIngressReconciler} writes it): only in
 * the system namespace, selected by exactly one Service with exactly one TCP port reaching the Pod; named
 * {@code <pod>.<namespace>} with the labels of a Pod-made Dataplane; {@code networking.address} the Pod's
 * IP and {@code port} that Service port's target on the Pod. Where other zones reach it: the annotations
 * {@code kuma.io/ingress-public-address} and {@code -port} (both or neither), else a LoadBalancer Service's
 * first status entry (its IP, else its hostname; the Service port), else a NodePort Service's node port on
 * the first node's ExternalIP, else its InternalIP; any other Service type advertises nothing. Kuma's
 * error texts, so a user searching one finds Kuma's documentation.
 */
public final class ZoneIngressForPod {
  /** What should exist for one Pod. */
  public sealed interface Decision permits Want, NoIngress, Refused {}

  public record Want(DesiredZoneIngress ingress) implements Decision {}

  /** No ZoneIngress should exist for the Pod (one that does is removed). */
  public record NoIngress(String reason) implements Decision {}

  /** The Pod asks for an ingress that cannot be made: said on the Pod (an Event), an existing one kept, as Kuma. */
  public record Refused(String reason) implements Decision {}

  /** The cluster's Nodes, read only when a NodePort Service needs an address. */
  @FunctionalInterface
  public interface Nodes {
    List<Node> list();
  }

  private final String systemNamespace;
  private final Optional<String> zone;

  public ZoneIngressForPod(String systemNamespace, Optional<String> zone) {
    this.systemNamespace = systemNamespace;
    this.zone = zone;
  }

  /** Whether the Pod asks for a zone ingress. */
  public static boolean isIngress(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a != null && KumaMetadata.onOff(a.get(KumaNames.INGRESS_ANNOTATION)).orElse(false);
  }

  public Decision decide(Pod pod, List<Service> servicesInNamespace, Nodes nodes) {
    if (!isIngress(pod)) return new NoIngress("the Pod is not annotated " + KumaNames.INGRESS_ANNOTATION + ": enabled");
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) return new NoIngress("pod IP is empty");
    String ns = pod.getMetadata().getNamespace();
    if (!systemNamespace.equals(ns)) return new Refused("Ingress can only be deployed in system namespace \"" + systemNamespace + "\"");
    List<Service> services = DataplaneForPod.selecting(pod, servicesInNamespace);
    if (services.size() != 1) {
      return new Refused("ingress should be matched by exactly one service. Matched " + services.size() + " services");
    }
    Service service = services.get(0);
    List<Integer> ports = new ArrayList<>();
    for (ServicePort p : service.getSpec().getPorts()) {
      if (ServicePorts.isTcp(p)) ServicePorts.target(pod, p).ifPresent(t -> ports.add(t.port()));
    }
    if (ports.size() != 1) {
      return new Refused("generated " + ports.size() + " inbound interfaces, expected 1. Service " + service.getMetadata().getName()
          + " reaches the Pod on ports " + ports);
    }
    Map<String, String> annotations = DataplaneForPod.orEmpty(pod.getMetadata().getAnnotations());
    Public advertised;
    try {
      advertised = fromAnnotations(annotations).or(() -> fromService(service, nodes)).orElse(null);
    } catch (IllegalArgumentException e) {
      return new Refused(e.getMessage());
    }
    String adminValue = annotations.get(KumaMetadata.ENVOY_ADMIN_PORT);
    Admin admin = null;
    if (adminValue != null) {
      Integer port = port(adminValue);
      if (port == null) return new Refused(notAPort(KumaMetadata.ENVOY_ADMIN_PORT, adminValue));
      admin = new Admin(port);
    }
    Networking networking = new Networking(ip, advertised == null ? null : advertised.address(), ports.get(0),
        advertised == null ? null : advertised.port(), admin);
    return new Want(new DesiredZoneIngress(pod.getMetadata().getName() + "." + ns, DataplaneForPod.labels(pod, zone),
        new ZoneIngressSpec(null, networking, List.of())));
  }

  /** Where other zones reach the ingress. */
  record Public(String address, int port) {}

  private static Optional<Public> fromAnnotations(Map<String, String> annotations) {
    String address = annotations.get(KumaNames.INGRESS_PUBLIC_ADDRESS);
    String portValue = annotations.get(KumaNames.INGRESS_PUBLIC_PORT);
    Integer port = null;
    if (portValue != null) {
      port = port(portValue);
      if (port == null) throw new IllegalArgumentException("failed to parse annotation " + KumaNames.INGRESS_PUBLIC_PORT + ": "
          + notAPort(KumaNames.INGRESS_PUBLIC_PORT, portValue));
    }
    if ((address == null) != (port == null)) {
      throw new IllegalArgumentException("both " + KumaNames.INGRESS_PUBLIC_ADDRESS + " and " + KumaNames.INGRESS_PUBLIC_PORT
          + " has to be defined");
    }
    return address == null ? Optional.empty() : Optional.of(new Public(address, port));
  }

  private static Optional<Public> fromService(Service service, Nodes nodes) {
    String type = service.getSpec().getType();
    int servicePort = service.getSpec().getPorts().get(0).getPort();
    if ("LoadBalancer".equals(type)) {
      // Not ready yet (no status entry, or one without IP and hostname): nothing advertised until it is.
      var status = service.getStatus() == null || service.getStatus().getLoadBalancer() == null ? null
          : service.getStatus().getLoadBalancer().getIngress();
      if (status == null || status.isEmpty()) return Optional.empty();
      LoadBalancerIngress first = status.get(0);
      String address = notEmpty(first.getIp()) ? first.getIp() : notEmpty(first.getHostname()) ? first.getHostname() : null;
      return address == null ? Optional.empty() : Optional.of(new Public(address, servicePort));
    }
    if ("NodePort".equals(type)) {
      List<Node> all = nodes.list();
      if (all.isEmpty()) throw new IllegalArgumentException("there are no nodes");
      Integer nodePort = service.getSpec().getPorts().get(0).getNodePort();
      List<NodeAddress> addresses = all.get(0).getStatus() == null ? List.of() : all.get(0).getStatus().getAddresses();
      // ExternalIP first (public clouds), then InternalIP (kind-like clusters reach each other on it).
      for (String wanted : List.of("ExternalIP", "InternalIP")) {
        for (NodeAddress a : addresses) {
          if (wanted.equals(a.getType())) return Optional.of(new Public(a.getAddress(), nodePort == null ? 0 : nodePort));
        }
      }
      throw new IllegalArgumentException("could not find valid Node address for Ingress publicAddress");
    }
    return Optional.empty();
  }

  private static Integer port(String value) {
    try {
      int p = Integer.parseInt(value.trim());
      return p > 0 && p < 65536 ? p : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String notAPort(String annotation, String value) {
    return "annotation " + annotation + " is \"" + value + "\", not a port (1-65535)";
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
