package dev.atrium.ctl.command;

import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.config.ControlPlane;
import dev.atrium.ctl.config.CtlConfigFile;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.nio.file.Path;
import java.util.Optional;
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
    subcommands = {ApplyCommand.class, GetCommand.class, DeleteCommand.class, InspectCommand.class,
        GenerateCommand.class, ConfigCommand.class},
    footer = {"", "Kinds: " + KindArgument.HELP})
public class AtriumCtl implements Callable<Integer> {
  static final String DEFAULT_API_URL = "http://127.0.0.1:5681";
  static final String API_URL_ENV = "ATRIUM_API_URL";
  /** A user token; wins over the one kept in the config file. */
  static final String API_TOKEN_ENV = "ATRIUM_API_TOKEN";

  // No defaultValue: picocli would re-apply it when parsing the subcommand and overwrite a value
  // given before the subcommand name. The default is resolved in apiUrl() instead.
  @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Atrium REST API (default: $" + API_URL_ENV + ", else " + DEFAULT_API_URL + ").")
  String apiUrl;

  @Option(names = "--config-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "atriumctl's config file (control planes and their tokens; default: ~/.atriumctl/config).")
  Path configFile;

  @Spec
  CommandSpec spec;

  /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  Path configPath() {
    return configFile != null ? configFile : CtlConfigFile.defaultPath();
  }

  /**
   * Where to call and with which token. The URL: --api-url, else $ATRIUM_API_URL, else the config's
   * current control plane, else the default. The token: $ATRIUM_API_TOKEN, else the config's — but only
   * when the URL is that control plane's, so a token is never sent to a server it was not kept for.
   */
  ApiTarget target() {
    Optional<ControlPlane> configured = CtlConfigFile.load(configPath()).current();
    String url = firstNonBlank(apiUrl, System.getenv(API_URL_ENV), configured.map(ControlPlane::url).orElse(null), DEFAULT_API_URL);
    String token = System.getenv(API_TOKEN_ENV);
    if (token == null || token.isBlank()) {
      token = configured.filter(cp -> ApiClient.sameServer(cp.url(), url)).map(ControlPlane::token).orElse(null);
    }
    return new ApiTarget(url, token == null || token.isBlank() ? null : token.strip());
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
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
