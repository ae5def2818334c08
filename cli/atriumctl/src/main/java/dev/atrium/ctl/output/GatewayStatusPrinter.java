package dev.atrium.ctl.output;

import dev.atrium.core.status.GatewayStatus;
import dev.atrium.core.status.GatewayStatus.AttachedRoute;
import dev.atrium.core.status.GatewayStatus.BackendStatus;
import dev.atrium.core.status.GatewayStatus.ListenerStatus;
import dev.atrium.core.status.GatewayStatus.RouteProblem;
import dev.atrium.core.status.GatewayStatusReport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code inspect meshgateway}: the report as text — the gateway and its Dataplanes, then per listener a
 * LISTENER row, the attached routes indented under it (backends as {@code service:weight endpoints=N})
 * and what was rejected there with the reason — or the report's records as YAML/JSON.
 */
public final class GatewayStatusPrinter {
  static final String INDENT = "    ";
  static final List<String> LISTENER_HEADERS = List.of("LISTENER", "PROTOCOL", "HOSTNAME", "TAGS", "STATUS");
  static final List<String> ROUTE_HEADERS = List.of("ROUTE", "KIND", "HOSTNAMES", "BACKENDS");

  private final OutputFormat format;

  public GatewayStatusPrinter(OutputFormat format) {
    this.format = format;
  }

  public String print(GatewayStatus status) {
    return switch (format) {
      case YAML -> GatewayStatusReport.yaml(status);
      case JSON -> GatewayStatusReport.json(status);
      case TABLE -> text(status);
    };
  }

  static String text(GatewayStatus status) {
    StringBuilder sb = new StringBuilder();
    sb.append("MeshGateway ").append(status.gateway()).append(" in mesh ").append(status.mesh()).append('\n');
    sb.append("Dataplanes: ").append(status.dataplanes().isEmpty() ? TableWriter.NONE : String.join(", ", status.dataplanes()))
        .append('\n');
    String tags = tags(status.dataplaneTags());
    sb.append("Tags: ").append(tags.isEmpty() ? TableWriter.NONE : tags).append('\n');
    status.notes().forEach(n -> sb.append("NOTE: ").append(n).append('\n'));
    if (status.listeners().isEmpty()) sb.append("\nNo listeners.\n");
    for (ListenerStatus l : status.listeners()) {
      sb.append('\n');
      listener(sb, l);
    }
    if (!status.unattached().isEmpty()) {
      sb.append("\nUNATTACHED\n");
      status.unattached().forEach(p -> sb.append(INDENT).append(problem(p)).append('\n'));
    }
    return sb.toString();
  }

  private static void listener(StringBuilder sb, ListenerStatus l) {
    sb.append(new TableWriter(LISTENER_HEADERS)
        .addRow(List.of(l.port() == null ? "" : String.valueOf(l.port()), l.protocol(), l.hostname(), tags(l.tags()),
            l.served() ? "served" : "not served"))
        .render());
    if (!l.served()) sb.append(INDENT).append("NOT SERVED: ").append(l.reason()).append('\n');
    if (l.routes().isEmpty()) {
      sb.append(INDENT).append("No routes attached.\n");
    } else {
      TableWriter routes = new TableWriter(ROUTE_HEADERS);
      for (AttachedRoute r : l.routes()) {
        routes.addRow(List.of(r.name(), r.kind(), String.join(",", r.hostnames()), backends(r.backends())));
      }
      routes.render().lines().forEach(line -> sb.append(INDENT).append(line).append('\n'));
    }
    if (!l.rejected().isEmpty()) {
      sb.append(INDENT).append("REJECTED\n");
      l.rejected().forEach(p -> sb.append(INDENT).append(INDENT).append(problem(p)).append('\n'));
    }
  }

  /** {@code backend:90 endpoints=2, backend-v2:10 endpoints=0}; a subset names its cluster. */
  static String backends(List<BackendStatus> backends) {
    return backends.stream()
        .map(b -> b.service() + (b.cluster() == null ? "" : "[" + b.cluster() + "]") + ":" + b.weight()
            + " endpoints=" + b.endpoints())
        .collect(Collectors.joining(", "));
  }

  private static String problem(RouteProblem p) {
    return p.kind() + " " + p.name() + ": " + p.reason();
  }

  private static String tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
