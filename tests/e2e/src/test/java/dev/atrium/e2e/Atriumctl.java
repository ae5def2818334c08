package dev.atrium.e2e;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real atriumctl launcher ({@code cli/atriumctl/bin/atriumctl}) as a user would. */
public final class Atriumctl {
  static final Path LAUNCHER = RepoPaths.root().resolve("cli/atriumctl/bin/atriumctl");

  private Atriumctl() {}

  public record Result(int exitCode, String stdout, String stderr) {}

  public static Result run(String apiUrl, String... args) {
    List<String> all = new ArrayList<>(List.of("--api-url", apiUrl));
    all.addAll(List.of(args));
    return runWithEnv(java.util.Map.of(), all.toArray(String[]::new));
  }

  /** atriumctl with {@code args} only (the API from its config file or environment) and extra environment. */
  public static Result runWithEnv(java.util.Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(cmd);
      builder.environment().putAll(env);
      Process p = builder.start();
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("atriumctl did not finish: " + cmd);
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
