package dev.atrium.webhook.controller.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How a Service port lands on a Pod, and which protocol Kuma gives it. */
public final class ServicePorts {
  private ServicePorts() {}

  /** Protocols Kuma knows; an {@code appProtocol} outside them does not count (Kuma's ParseProtocol). */
  private static final Set<String> KNOWN = Set.of("http", "http2", "grpc", "kafka", "tcp", "tls");

  /**
   * The Pod port a Service port sends to, with the container that declares it (null when none does).
   *
   * @param name the container port's name, or null
   */
  public record Target(int port, String name, Container container) {}

  /**
   * Kubernetes' rule: a named targetPort must be a container port of that name (else the Service does
   * not reach this Pod on that port: empty); a number is used as it is; no targetPort means the
   * Service's own port.
   */
  public static Optional<Target> target(Pod pod, ServicePort svcPort) {
    IntOrString target = svcPort.getTargetPort();
    if (target != null && target.getStrVal() != null && !isNumber(target.getStrVal())) {
      for (Container c : pod.getSpec().getContainers()) {
        for (ContainerPort p : c.getPorts()) {
          if (target.getStrVal().equals(p.getName())) return Optional.of(new Target(p.getContainerPort(), p.getName(), c));
        }
      }
      return Optional.empty();
    }
    int port = target == null ? svcPort.getPort()
        : target.getIntVal() != null ? target.getIntVal() : Integer.parseInt(target.getStrVal());
    if (port == 0) port = svcPort.getPort();
    for (Container c : pod.getSpec().getContainers()) {
      for (ContainerPort p : c.getPorts()) {
        if (p.getContainerPort() != null && p.getContainerPort() == port) return Optional.of(new Target(port, p.getName(), c));
      }
    }
    return Optional.of(new Target(port, null, null));
  }

  /**
   * The inbound's kuma.io/protocol as Kuma infers it: the port's {@code appProtocol} when Kuma knows it,
   * else the Service annotation {@code <port>.service.kuma.io/protocol}, else {@code tcp}; lower case.
   */
  public static String protocol(Service svc, ServicePort svcPort) {
    String value = null;
    String app = svcPort.getAppProtocol();
    if (app != null && KNOWN.contains(app.toLowerCase(Locale.ROOT))) value = app;
    Map<String, String> annotations = svc.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(svcPort.getPort() + KumaNames.PORT_PROTOCOL_ANNOTATION_SUFFIX);
    if ((value == null || value.isEmpty()) && annotated != null) value = annotated;
    if (value == null || value.isEmpty()) value = "tcp";
    return value.toLowerCase(Locale.ROOT);
  }

  /** Kuma's service name of a Service port on Kubernetes: {@code <service>_<namespace>_svc_<port>}. */
  public static String serviceTag(String service, String namespace, int port) {
    return service + "_" + namespace + "_svc_" + port;
  }

  /** Only TCP ports become inbounds (UDP and SCTP are not proxied). */
  public static boolean isTcp(ServicePort p) {
    return p.getProtocol() == null || p.getProtocol().isEmpty() || "TCP".equals(p.getProtocol());
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
