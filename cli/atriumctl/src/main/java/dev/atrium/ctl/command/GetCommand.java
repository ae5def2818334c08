package dev.atrium.ctl.command;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import dev.atrium.ctl.api.ResourcePaths;
import dev.atrium.ctl.output.ListPage;
import dev.atrium.ctl.output.OutputFormat;
import dev.atrium.ctl.output.ResourcePrinter;
import dev.atrium.ctl.output.ZoneOverviewItem;
import dev.atrium.ctl.output.ZoneTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code atriumctl get KIND [NAME]}: one resource, or one page of a mesh's resources of a kind. */
@Command(name = "get", description = "Show one resource, or list the resources of a kind in a mesh.")
class GetCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "KIND", description = "e.g. meshgateways, MeshGateway or mgw.")
  String kindName;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "Show only this resource.")
  String name;

  @Option(names = {"-m", "--mesh"}, defaultValue = "default", paramLabel = "MESH",
      description = "Mesh to look in (default: ${DEFAULT-VALUE}); ignored for meshes.")
  String mesh;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--size", paramLabel = "N", description = "Page size for lists (server default 100, max 1000).")
  Integer size;

  @Option(names = "--offset", paramLabel = "N", description = "Index of the first item of a list page.")
  Integer offset;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    // A bad -o is a usage error (exit 2), and it is found before any request is made.
    OutputFormat format = OutputFormat.parse(output).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "Invalid value for option '--output': '" + output + "' (expected table, yaml or json)"));
    ResourceKind kind = KindArgument.resolve(kindName);
    KindArgument.deprecation(kind).ifPresent(w -> err.println("Warning: " + w));
    ApiClient client = connect(err);
    if (kind == ResourceKind.ZONE && format == OutputFormat.TABLE) return zones(client, out, err);
    ResourcePrinter printer = new ResourcePrinter(format, Instant.now());
    if (name != null) {
      try {
        out.print(printer.single(kind, client.getJson(ResourcePaths.item(kind, mesh, name))));
      } catch (ApiException e) {
        printLines(err, e.status() == 404 ? ErrorRenderer.notFound(kind, name, mesh)
            : ErrorRenderer.render(kind.typeName() + " " + subject(kind, name), e));
        return 1;
      }
      return 0;
    }
    try {
      ListPage page = ListPage.fromJson(client.getJson(ResourcePaths.collection(kind, mesh) + query()));
      out.print(printer.list(kind, mesh, page));
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render(kind.collection() + (kind.isMeshScoped() ? " in mesh " + mesh : ""), e));
      return 1;
    }
    return 0;
  }

  /**
   * The zone table reads the overviews, so that STATUS can say whether each zone is connected; YAML and
   * JSON print the Zones themselves, as kumactl does.
   */
  private int zones(ApiClient client, PrintWriter out, PrintWriter err) {
    try {
      List<ZoneOverviewItem> items;
      if (name != null) {
        items = List.of(ZoneOverviewItem.fromJson(client.getJson(ResourcePaths.item(ResourceKind.ZONE, null, name) + "/_overview")));
      } else {
        items = ListPage.fromJson(client.getJson("/zones/_overview" + query())).items().stream()
            .map(ZoneOverviewItem::fromJson).toList();
      }
      out.print(items.isEmpty() ? "No resources found.\n" : ZoneTable.get(items, Instant.now()).render());
    } catch (ApiException e) {
      printLines(err, e.status() == 404 && name != null ? ErrorRenderer.notFound(ResourceKind.ZONE, name, mesh)
          : ErrorRenderer.render(name != null ? "Zone " + name : "zones", e));
      return 1;
    }
    return 0;
  }

  /** Only the flags given, as kumactl does, so the server's own defaults apply otherwise. */
  private String query() {
    List<String> params = new ArrayList<>();
    if (offset != null) params.add("offset=" + offset);
    if (size != null) params.add("size=" + size);
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  private String subject(ResourceKind kind, String n) {
    return kind.isMeshScoped() ? mesh + "/" + n : n;
  }
}
