package dev.atrium.ctl.command;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atriumctl generate ...}: kumactl's generators that the control plane answers (tokens). */
@Command(name = "generate", description = "Generate credentials through the control plane.",
    subcommands = {GenerateDataplaneTokenCommand.class, GenerateUserTokenCommand.class, GenerateZoneTokenCommand.class})
public class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
