package dev.atrium.ctl.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atriumctl generate user-token --name N --group G --valid-for 24h}: asks the API
 * ({@code POST /tokens/user}, admins only) and prints the token — the only command that ever prints one.
 */
@Command(name = "user-token", description = "Generate a user token for the REST API (needs an admin).")
public class GenerateUserTokenCommand extends ApiCommand {
  @Option(names = "--name", required = true, description = "Name of the user.")
  String name;

  @Option(names = "--group", split = ",", description = "Group of the user (repeatable).")
  List<String> groups = new ArrayList<>();

  @Option(names = "--valid-for", required = true, paramLabel = "DURATION",
      description = "How long the token is valid, as Go writes durations (e.g. 24h, 30m).")
  String validFor;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    ApiClient client = connect(err);
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("name", name);
    groups.forEach(body.putArray("groups")::add);
    body.put("validFor", validFor);
    try {
      out.print(client.postForText("/tokens/user", body.toString()));
      return 0;
    } catch (ApiException e) {
      String headline = e.title() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
      err.println("Error: failed to generate a user token: " + headline);
      e.violations().forEach(v -> err.println("  " + (v.field().isEmpty() ? "" : v.field() + ": ") + v.message()));
      return 1;
    }
  }
}
