package dev.atrium.ctl.command;

import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.CompatibilityCheck;
import dev.atrium.ctl.config.ControlPlane;
import dev.atrium.ctl.config.CtlConfigFile;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atriumctl config control-planes add --name N --address URL [--auth-type=tokens --auth-conf
 * token=T] [--overwrite]}, with kumactl's flags and words: checks the API answers (unless --skip-check),
 * keeps the control plane in the config file and makes it the current one. The token is stored, never
 * printed.
 */
@Command(name = "add", description = "Add a control plane and make it the current one.")
public class ControlPlanesAddCommand extends ApiCommand {
  @Option(names = "--name", required = true, description = "Reference name for the control plane.")
  String name;

  @Option(names = "--address", required = true, description = "URL of the REST API, e.g. http://localhost:5681.")
  String address;

  @Option(names = "--auth-type", description = "Authentication type (\"tokens\").")
  String authType;

  @Option(names = "--auth-conf", split = ",", description = "Authentication configuration, key=value (token=YOUR_TOKEN).")
  Map<String, String> authConf = new LinkedHashMap<>();

  @Option(names = "--overwrite", description = "Replace a control plane of the same name.")
  boolean overwrite;

  @Option(names = "--skip-check", description = "Do not check that the API answers.")
  boolean skipCheck;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    if (authType != null && !authType.isEmpty()) {
      if (!ControlPlane.TOKENS.equals(authType)) {
        throw new CliException("authentication plugin of type \"" + authType + "\" is not found");
      }
      String token = authConf.get(ControlPlane.TOKEN_KEY);
      if (token == null || token.isEmpty()) throw new CliException("--auth-conf is not valid: provide token=YOUR_TOKEN");
    }
    ControlPlane cp = new ControlPlane(name, address, authType, authConf);
    if (!skipCheck) CompatibilityCheck.run(new ApiClient(address, "atriumctl/" + AtriumCtl.version(), cp.token()), err);
    CtlConfigFile config = CtlConfigFile.load(root().configPath());
    if (!config.add(cp, overwrite)) {
      throw new CliException("Control Plane with name \"" + name + "\" already exists. Use --overwrite to replace an existing one.");
    }
    config.save();
    out.println("added Control Plane \"" + name + "\"");
    out.println("switched active Control Plane to \"" + name + "\"");
    return 0;
  }
}
