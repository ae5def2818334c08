package dev.atrium.dp.command;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atrium-dp}: the data-plane agent, like {@code kuma-dp}. */
@TopCommand
@Command(
    name = "atrium-dp",
    mixinStandardHelpOptions = true,
    versionProvider = AtriumDp.Version.class,
    description = "Atrium's data-plane agent: registers a Dataplane, fetches its Envoy bootstrap and runs Envoy.",
    subcommands = {RunCommand.class})
public class AtriumDp implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  static String version() {
    return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("dev");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"atrium-dp " + version()};
    }
  }
}
