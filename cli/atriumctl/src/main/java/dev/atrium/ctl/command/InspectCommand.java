package dev.atrium.ctl.command;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import dev.atrium.ctl.api.ResourcePaths;
import dev.atrium.ctl.output.InspectPrinter;
import dev.atrium.ctl.output.ListPage;
import dev.atrium.ctl.output.OutputFormat;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code atriumctl inspect dataplanes}: every proxy of a mesh with its connection and config status,
 * from kumactl's {@code GET /meshes/{mesh}/dataplanes/_overview}.
 */
@Command(name = "inspect", description = "Show proxies with their status: connected, updates, rejected configs.")
class InspectCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "KIND", description = "dataplanes (dp): the only kind inspect shows so far.")
  String kindName;

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
    if (kind != ResourceKind.DATAPLANE) {
      throw new CliException("inspect shows dataplanes only; for " + kind.collection() + " use: atriumctl get "
          + kind.collection());
    }
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
