package dev.atrium.ctl.command;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code atriumctl}: kumactl's apply/get/delete against Atrium's Kuma-compatible REST API. */
@TopCommand
@Command(
    name = "atriumctl",
    mixinStandardHelpOptions = true,
    versionProvider = AtriumCtl.Version.class,
    description = "Manage Atrium (Kuma-compatible) mesh resources through the REST API.",
    subcommands = {ApplyCommand.class, GetCommand.class, DeleteCommand.class, InspectCommand.class, GenerateCommand.class},
    footer = {"", "Kinds: " + KindArgument.HELP})
public class AtriumCtl implements Callable<Integer> {
  static final String DEFAULT_API_URL = "http://127.0.0.1:5681";
  static final String API_URL_ENV = "ATRIUM_API_URL";

  // No defaultValue: picocli would re-apply it when parsing the subcommand and overwrite a value
  // given before the subcommand name. The default is resolved in apiUrl() instead.
  @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Atrium REST API (default: $" + API_URL_ENV + ", else " + DEFAULT_API_URL + ").")
  String apiUrl;

  @Spec
  CommandSpec spec;

  /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  String apiUrl() {
    if (apiUrl != null && !apiUrl.isBlank()) return apiUrl;
    String env = System.getenv(API_URL_ENV);
    return env != null && !env.isBlank() ? env : DEFAULT_API_URL;
  }

  static String version() {
    return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("dev");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"atriumctl " + version()};
    }
  }
}
