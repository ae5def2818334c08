package dev.atrium.ctl.command;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
import dev.atrium.ctl.api.ErrorRenderer;
import dev.atrium.ctl.api.ResourcePaths;
import dev.atrium.ctl.input.InputFiles;
import dev.atrium.ctl.input.ManifestDocument;
import dev.atrium.ctl.input.ManifestReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atriumctl apply -f FILE}: create or update every resource in the input. Each document stands
 * on its own: an invalid one is reported and skipped, the rest are still applied, and the exit code
 * says whether all of them made it.
 */
@Command(name = "apply", description = "Create or update resources from YAML/JSON files, directories or stdin.")
class ApplyCommand extends ApiCommand {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
      description = "A file, a directory of *.yaml/*.yml/*.json, or - for stdin. Repeatable.")
  List<String> files = new ArrayList<>();

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    // Secrets are not readable from here; references to them are the server's to check.
    ManifestReader reader = new ManifestReader(new Validator(SecretLookup.unavailable())::validate);
    List<ManifestDocument> documents = new ArrayList<>();
    for (InputFiles.Source source : InputFiles.read(files, System.in)) documents.addAll(reader.read(source));
    if (documents.isEmpty()) throw new CliException("no resources found in " + String.join(", ", files));

    // Like kumactl: check everything locally first, and only then talk to the server.
    ApiClient client = documents.stream().anyMatch(ManifestDocument::isValid) ? connect(err) : null;
    int failed = 0;
    for (ManifestDocument doc : documents) {
      if (!doc.isValid()) {
        printLines(err, ErrorRenderer.renderClientSide(doc.subject(), doc.violations()));
        failed++;
      } else if (!apply(client, doc.resource(), out, err)) {
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }

  private static boolean apply(ApiClient client, Resource r, PrintWriter out, PrintWriter err) {
    String path = ResourcePaths.item(r.kind(), r.mesh(), r.name());
    try {
      ApiClient.PutResult result = client.put(path, ResourceCodec.toJson(r));
      String where = r.kind().isMeshScoped() ? " (mesh " + r.mesh() + ")" : "";
      out.println(KindArgument.display(r.kind(), r.name()) + (result.created() ? " created" : " configured") + where);
      result.warnings().forEach(w -> err.println("Warning: " + r.describe() + ": " + w));
      KindArgument.deprecation(r.kind()).ifPresent(w -> err.println("Warning: " + r.describe() + ": " + w));
      return true;
    } catch (ApiException e) {
      printLines(err, ErrorRenderer.render(r.describe(), e));
      return false;
    }
  }
}
