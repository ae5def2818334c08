package dev.atrium.ctl.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atriumctl generate dataplane-token}: kumactl's command, answered by {@code POST /tokens/dataplane}.
 * Prints the token alone, so that {@code > file} gives what {@code atrium-dp --dataplane-token-file} reads.
 */
@Command(name = "dataplane-token", description = "Generate a dataplane token, which a proxy presents to the control plane.")
class GenerateDataplaneTokenCommand extends ApiCommand {
  @Option(names = "--name", paramLabel = "NAME", description = "The Dataplane the token is for (default: any in the mesh).")
  String name;

  @Option(names = {"-m", "--mesh"}, defaultValue = "default", paramLabel = "MESH",
      description = "Mesh of the Dataplane (default: ${DEFAULT-VALUE}).")
  String mesh;

  @Option(names = "--tag", paramLabel = "KEY=V1[,V2]",
      description = "Only Dataplanes whose KEY tag has one of these values, e.g. kuma.io/service=web,web-api. Repeatable.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--proxy-type", paramLabel = "TYPE", description = "dataplane, ingress or egress (default: any).")
  String proxyType;

  @Option(names = "--workload", paramLabel = "WORKLOAD", description = "Only Dataplanes labelled kuma.io/workload=WORKLOAD.")
  String workload;

  @Option(names = "--valid-for", paramLabel = "DURATION",
      description = "How long the token is valid, a Go duration such as 720h or 30m (default: the server's, 10 years).")
  String validFor;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    ObjectNode body = Mappers.JSON.createObjectNode();
    if (name != null) body.put("name", name);
    body.put("mesh", mesh);
    ObjectNode tagsNode = body.putObject("tags");
    parseTags(tags).forEach((key, values) -> {
      ArrayNode array = tagsNode.putArray(key);
      values.forEach(array::add);
    });
    if (proxyType != null) body.put("type", proxyType);
    if (workload != null) body.put("workload", workload);
    if (validFor != null) body.put("validFor", validFor);
    try {
      out.println(connect(err).post("/tokens/dataplane", body.toString()).strip());
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render("dataplane token", e));
      return 1;
    }
    return 0;
  }

  /** kumactl's {@code --tag k=v1,v2}: repeated keys add values. */
  static Map<String, List<String>> parseTags(List<String> flags) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0 || eq == flag.length() - 1) {
        throw new CliException("invalid --tag \"" + flag + "\": expected KEY=VALUE[,VALUE...]");
      }
      List<String> values = out.computeIfAbsent(flag.substring(0, eq), k -> new ArrayList<>());
      for (String v : flag.substring(eq + 1).split(",")) if (!v.isBlank()) values.add(v.strip());
    }
    return out;
  }
}
