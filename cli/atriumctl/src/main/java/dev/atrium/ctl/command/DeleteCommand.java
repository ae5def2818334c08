package dev.atrium.ctl.command;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import dev.atrium.ctl.api.ResourcePaths;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atriumctl delete KIND NAME}. Deleting a Mesh deletes what is inside it (server-side, as in Kuma). */
@Command(name = "delete", description = "Delete one resource.")
class DeleteCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "KIND", description = "e.g. meshgateways, MeshGateway or mgw.")
  String kindName;

  @Parameters(index = "1", paramLabel = "NAME")
  String name;

  @Option(names = {"-m", "--mesh"}, defaultValue = "default", paramLabel = "MESH",
      description = "Mesh the resource is in (default: ${DEFAULT-VALUE}); ignored for meshes.")
  String mesh;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    ResourceKind kind = KindArgument.resolve(kindName);
    ApiClient client = connect(err);
    try {
      client.delete(ResourcePaths.item(kind, mesh, name));
    } catch (ApiException e) {
      String subject = kind.typeName() + " " + (kind.isMeshScoped() ? mesh + "/" : "") + name;
      printLines(err, e.status() == 404 ? ErrorRenderer.notFound(kind, name, mesh) : ErrorRenderer.render(subject, e));
      return 1;
    }
    out.println(KindArgument.display(kind, name) + " deleted");
    return 0;
  }
}
