package dev.atrium.ctl.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atriumctl generate zone-token}: kumactl's command, answered by {@code POST /tokens/zone} on
 * the global (or a standalone) control plane. Prints the token alone, for a ZoneIngress's
 * {@code --dataplane-token-file}.
 */
@Command(name = "zone-token",
    description = "Generate a zone token, which a zone proxy (ZoneIngress, ZoneEgress) presents to its zone's control plane.")
class GenerateZoneTokenCommand extends ApiCommand {
  /** kumactl's scopes (its {@code FullScope}, the default) and Atrium's {@code cp}. */
  static final List<String> PROXY_SCOPES = List.of("ingress", "egress");
  static final List<String> SCOPES = List.of("ingress", "egress", "cp");

  @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "The zone the token is for.")
  String zone;

  @Option(names = "--scope", split = ",", paramLabel = "SCOPE",
      description = "What the token may prove to be: ingress, egress (default: both), or cp. Repeatable.")
  List<String> scope = new ArrayList<>();

  @Option(names = "--valid-for", paramLabel = "DURATION",
      description = "How long the token is valid, a Go duration such as 24h (default: the server's, 10 years).")
  String validFor;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    String body = body();
    try {
      out.println(connect(err).post("/tokens/zone", body).strip());
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render("zone token", e));
      return 1;
    }
    return 0;
  }

  /** The request, after kumactl's check of the scopes (its words). */
  String body() {
    List<String> scopes = scope.isEmpty() ? PROXY_SCOPES : scope;
    List<String> unsupported = scopes.stream().filter(s -> !SCOPES.contains(s)).toList();
    if (!unsupported.isEmpty()) {
      throw new CliException("invalid --scope values: [" + String.join(" ", unsupported) + "] (supported scopes: ["
          + String.join(" ", SCOPES) + "])");
    }
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("zone", zone);
    ArrayNode array = body.putArray("scope");
    scopes.forEach(array::add);
    if (validFor != null) body.put("validFor", validFor);
    return body.toString();
  }
}
