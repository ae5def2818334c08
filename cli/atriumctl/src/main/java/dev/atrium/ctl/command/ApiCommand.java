package dev.atrium.ctl.command;

import dev.atrium.ctl.CliException;
import dev.atrium.ctl.api.ApiClient;
import dev.atrium.ctl.api.ApiException;
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
  @Spec
  CommandSpec spec;

  /** The command itself; returns the exit code. */
  protected abstract int run(PrintWriter out, PrintWriter err);

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (CliException e) {
      printLines(err, e.lines());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (ApiUnreachableException e) {
      err.println("Error: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (ApiException e) {
      // A refusal before the command's own call (a 401 on GET /): Kuma's words, "Title (detail)".
      err.println("Error: " + e.title() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")"));
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * A client for the API atriumctl is pointed at, with its token if there is one, after the
   * compatibility check (which may warn on {@code err}, and fails on a 401: a bad token helps nobody).
   */
  protected ApiClient connect(PrintWriter err) {
    ApiTarget target = root().target();
    ApiClient client = new ApiClient(target.url(), "atriumctl/" + AtriumCtl.version(), target.token());
    CompatibilityCheck.run(client, err);
    return client;
  }

  /** The top command, however deep this one is nested. */
  protected AtriumCtl root() {
    return (AtriumCtl) spec.root().userObject();
  }

  protected static void printLines(PrintWriter w, List<String> lines) {
    lines.forEach(w::println);
  }
}
