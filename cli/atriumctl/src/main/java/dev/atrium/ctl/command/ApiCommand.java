package dev.atrium.ctl.command;

import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiUnreachableException;
import dev.atrium.ctl.api.CompatibilityCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the API connection (with kumactl's GET / check first) and one place
 * that turns expected failures into a stderr message and exit code 1, never a stack trace.
 */
abstract class ApiCommand implements Callable<Integer> {
  /** The top command (the --api-url holder), also for commands inside a group such as {@code generate}. */
  AtriumCtl root;

  @Spec
  CommandSpec spec;

  /** The command itself; returns the exit code. */
  protected abstract int run(PrintWriter out, PrintWriter err);

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    root = (AtriumCtl) spec.root().userObject();
    try {
      return run(out, err);
    } catch (CliException e) {
      printLines(err, e.lines());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (ApiUnreachableException e) {
      err.println("Error: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** A client for --api-url, after the compatibility check (which may warn on {@code err}). */
  protected ApiClient connect(PrintWriter err) {
    ApiClient client = new ApiClient(root.apiUrl(), "atriumctl/" + AtriumCtl.version());
    CompatibilityCheck.run(client, err);
    return client;
  }

  protected static void printLines(PrintWriter w, List<String> lines) {
    lines.forEach(w::println);
  }
}
