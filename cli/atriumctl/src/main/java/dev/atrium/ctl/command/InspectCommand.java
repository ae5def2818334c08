package dev.atrium.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.status.GatewayStatus;
import dev.atrium.core.status.GatewayStatusReport;
import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import dev.atrium.ctl.api.MeshReader;
import dev.atrium.ctl.api.ResourcePaths;
import dev.atrium.ctl.output.GatewayStatusPrinter;
import dev.atrium.ctl.output.InspectPrinter;
import dev.atrium.ctl.output.PolicyRulesPrinter;
import dev.atrium.ctl.output.ListPage;
import dev.atrium.ctl.output.OutputFormat;
import dev.atrium.ctl.output.TableWriter;
import dev.atrium.ctl.output.ZoneIngressTable;
import dev.atrium.ctl.output.ZoneOverviewItem;
import dev.atrium.ctl.output.ZoneTable;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code atriumctl inspect dataplanes}: every proxy of a mesh with its connection and config status,
 * from kumactl's {@code GET /meshes/{mesh}/dataplanes/_overview}.
 *
 * <p>{@code atriumctl inspect meshgateway NAME}: what a builtin gateway serves — each listener, the
 * routes attached to it with their backends and ready endpoints, and every route rejected there with
 * the reason. The mesh's resources are read through the REST API into the snapshot the xds-server
 * builds, and {@link GatewayStatusReport} asks the translator's own attachment logic.
 */
@Command(name = "inspect", description = {
    "Show proxies with their status: connected, updates, rejected configs.",
    "inspect meshgateway NAME: each listener, its routes and their backends, and rejected routes with the reason;",
    "  then the connection policies that apply to it.",
    "inspect zones: each zone with its status, last connection and update, and version (on global).",
    "inspect zoneingresses: each ZoneIngress with its status, last connection and update, xDS updates and errors.",
    "inspect dataplane NAME: per destination and inbound, which policy set each field and which it overrode;",
    "  then, on each listener, route and cluster, which policy entry set what."})
class InspectCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "KIND", description = "dataplanes (dp), zones, zoneingresses (zi), or meshgateway (mgw) with a NAME.")
  String kindName;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME",
      description = "The MeshGateway to inspect, or one Dataplane: which policy set what on it.")
  String name;

  @Option(names = {"-m", "--mesh"}, defaultValue = "default", paramLabel = "MESH",
      description = "Mesh to look in (default: ${DEFAULT-VALUE}).")
  String mesh;

  @Option(names = "--gateway", description = "Only gateways (builtin and delegated).")
  boolean gateway;

  @Option(names = "--tag", paramLabel = "KEY=VALUE",
      description = "Only proxies with this tag; the value matches as a substring, * matches any. Repeatable.")
  List<String> tags = new ArrayList<>();

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--size", paramLabel = "N", description = "Page size (server default 100, max 1000).")
  Integer size;

  @Option(names = "--offset", paramLabel = "N", description = "Index of the first item of the page.")
  Integer offset;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    OutputFormat format = OutputFormat.parse(output).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "Invalid value for option '--output': '" + output + "' (expected table, yaml or json)"));
    ResourceKind kind = KindArgument.resolve(kindName);
    if (kind == ResourceKind.MESH_GATEWAY) return meshGateway(format, out, err);
    if (kind == ResourceKind.ZONE) {
      return overviews(kind, items -> ZoneTable.inspect(items.stream().map(ZoneOverviewItem::fromJson).toList(),
          Instant.now()), format, out, err);
    }
    if (kind == ResourceKind.ZONE_INGRESS) {
      return overviews(kind, items -> ZoneIngressTable.inspect(items, Instant.now()), format, out, err);
    }
    if (kind != ResourceKind.DATAPLANE) {
      throw new CliException("inspect shows dataplanes, meshgateways, zones and zoneingresses; for " + kind.collection()
          + " use: atriumctl get " + kind.collection());
    }
    if (name != null) return dataplaneRules(format, out, err);
    String path = ResourcePaths.collection(kind, mesh) + "/_overview" + query();
    ApiClient client = connect(err);
    try {
      ListPage page = ListPage.fromJson(client.getJson(path));
      out.print(new InspectPrinter(format, Instant.now()).dataplanes(mesh, page));
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render("dataplanes in mesh " + mesh, e));
      return 1;
    }
    return 0;
  }

  /**
   * Every item of a kind's overview beside meshes: zones with their connection to global ({@code GET
   * /zones/_overview}, kumactl's inspect zones), ZoneIngresses with their ADS connection ({@code GET
   * /zoneingresses/_overview}, kumactl's inspect zoneingresses).
   */
  private int overviews(ResourceKind kind, Function<List<JsonNode>, TableWriter> table, OutputFormat format,
      PrintWriter out, PrintWriter err) {
    ApiClient client = connect(err);
    try {
      ListPage page = ListPage.fromJson(client.getJson("/" + kind.collection() + "/_overview" + pageQuery()));
      switch (format) {
        case YAML, JSON -> out.print(new InspectPrinter(format, Instant.now()).page(page));
        case TABLE -> out.print(page.items().isEmpty() ? "No resources found.\n" : table.apply(page.items()).render());
      }
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render(kind.collection(), e));
      return 1;
    }
    return 0;
  }

  private String pageQuery() {
    List<String> params = new ArrayList<>();
    if (offset != null) params.add("offset=" + offset);
    if (size != null) params.add("size=" + size);
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  /** One proxy: which policy set what, per destination and inbound and on each listener, route and cluster. */
  private int dataplaneRules(OutputFormat format, PrintWriter out, PrintWriter err) {
    ApiClient client = connect(err);
    try {
      JsonNode rules = client.getJson(ResourcePaths.collection(ResourceKind.DATAPLANE, mesh) + "/" + encode(name) + "/_rules");
      out.print(new PolicyRulesPrinter(format).print(rules));
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render("Dataplane " + mesh + "/" + name, e));
      return 1;
    }
    return 0;
  }

  /** What a gateway's status reads besides the Secrets its listeners name. */
  static final List<ResourceKind> GATEWAY_KINDS = List.of(ResourceKind.DATAPLANE, ResourceKind.MESH_GATEWAY,
      ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE);

  private int meshGateway(OutputFormat format, PrintWriter out, PrintWriter err) {
    if (name == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'NAME' (the MeshGateway to inspect)");
    }
    MeshReader reader = new MeshReader(connect(err), mesh);
    try {
      Optional<Resource> gateway = reader.get(ResourceKind.MESH_GATEWAY, name);
      if (gateway.isEmpty()) {
        reader.meshResource(); // a missing mesh is the better message
        printLines(err, ErrorRenderer.notFound(ResourceKind.MESH_GATEWAY, name, mesh));
        return 1;
      }
      List<Resource> resources = new ArrayList<>();
      GATEWAY_KINDS.forEach(k -> resources.addAll(reader.list(k)));
      // Only the Secrets the listeners name: the status needs to know whether each can be served.
      certificateSecrets(gateway.get()).forEach(s -> reader.get(ResourceKind.SECRET, s).ifPresent(resources::add));
      Optional<GatewayStatus> status = GatewayStatusReport.of(reader.snapshot(resources), name);
      if (status.isEmpty()) { // deleted while we read
        printLines(err, ErrorRenderer.notFound(ResourceKind.MESH_GATEWAY, name, mesh));
        return 1;
      }
      out.print(new GatewayStatusPrinter(format).print(status.get()));
      if (format == OutputFormat.TABLE) {
        // The status says what is served; the policies say how (timeouts, retries, limits) and who set it.
        JsonNode rules = reader.client().getJson(ResourcePaths.collection(ResourceKind.MESH_GATEWAY, mesh) + "/"
            + encode(name) + "/_rules");
        out.print("\nPOLICIES\n" + new PolicyRulesPrinter(format).print(rules));
      }
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render("MeshGateway " + mesh + "/" + name, e));
      return 1;
    }
    return 0;
  }

  private static Set<String> certificateSecrets(Resource gateway) {
    Set<String> names = new TreeSet<>();
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);
    if (spec.conf() == null) return names;
    for (MeshGatewaySpec.Listener l : spec.conf().listeners()) {
      if (l.tls() == null) continue;
      l.tls().certificates().stream().map(DataSource::secret).filter(s -> s != null && !s.isEmpty()).forEach(names::add);
    }
    return names;
  }

  /** kumactl's query: {@code gateway=true} and {@code tag=key:value}; paging only when asked for. */
  String query() {
    List<String> params = new ArrayList<>();
    if (gateway) params.add("gateway=true");
    for (String tag : tags) {
      int sep = tag.indexOf('=') > 0 ? tag.indexOf('=') : tag.indexOf(':');
      if (sep <= 0) {
        throw new ParameterException(spec.commandLine(), "Invalid value for option '--tag': '" + tag
            + "' (expected KEY=VALUE)");
      }
      params.add("tag=" + encode(tag.substring(0, sep) + ":" + tag.substring(sep + 1)));
    }
    if (offset != null) params.add("offset=" + offset);
    if (size != null) params.add("size=" + size);
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
