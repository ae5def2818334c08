package dev.atrium.ctl.command;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atriumctl config control-planes add ...}: the control planes atriumctl talks to, as kumactl keeps them. */
@Command(name = "config", description = "Manage atriumctl's config file.", subcommands = {ConfigCommand.ControlPlanes.class})
public class ConfigCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  @Command(name = "control-planes", description = "Manage known control planes.", subcommands = {ControlPlanesAddCommand.class})
  public static class ControlPlanes implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return CommandLine.ExitCode.USAGE;
    }
  }
}
