package dev.atrium.helm;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The helm binary {@code .ci/install-tools.sh} installs (v3.18.6, on PATH or in the tools cache), run
 * with its own empty home, config, cache and data directories so nothing of the user's Helm or kubectl
 * setup (repositories, plugins, contexts) leaks into a test. Never skipped: a missing helm fails and
 * names the script.
 */
final class Helm implements AutoCloseable {
  static final String VERSION = "v3.18.6";
  static final String INSTALL_HINT = "run .ci/install-tools.sh: it builds helm " + VERSION + " from the Go module proxy"
      + " into ${ATRIUM_TOOLS_CACHE:-~/.cache/atrium}/helm/" + VERSION + " and links it to /usr/local/bin/helm";
  /** What `helm template` renders for: the release the test API server runs. */
  static final String KUBE_VERSION = "1.34.4";
  static final String RELEASE = "atrium";
  static final String NAMESPACE = "atrium-system";

  private final Path binary;
  private final Path home;

  private Helm(Path binary, Path home) {
    this.binary = binary;
    this.home = home;
  }

  static Helm locate() {
    Path binary = find();
    try {
      return new Helm(binary, Files.createTempDirectory("atrium-helm-home-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path chart() {
    return RepoPaths.root().resolve("charts/atrium");
  }

  /** Runs helm with these arguments, whatever its exit code. */
  Result run(String... args) {
    return run(List.of(args));
  }

  Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile(home, "helm-", ".out");
      Path err = Files.createTempFile(home, "helm-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("HELM_") || k.equals("KUBECONFIG"));
      pb.environment().put("HOME", home.toString());
      pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
      pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
      pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("KUBECACHEDIR", home.resolve("kube-cache").toString());
      Process process = pb.start();
      process.getOutputStream().close();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + String.join(" ", args) + " did not finish in 180 s");
      }
      Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("helm could not be run (" + binary + "): " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while helm ran", e);
    }
  }

  /** Runs helm and returns its stdout; fails with both outputs when it exits non-zero. */
  String ok(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("helm " + String.join(" ", args) + " exited with " + r.exitCode()
          + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr());
    }
    return r.stdout();
  }

  /** `helm template` of the chart as release atrium in atrium-system, with these values files (and more flags). */
  Result template(List<Path> valuesFiles, String... more) {
    List<String> args = new ArrayList<>(List.of("template", RELEASE, chart().toString(),
        "--namespace", NAMESPACE, "--kube-version", KUBE_VERSION));
    for (Path f : valuesFiles) args.addAll(List.of("--values", f.toString()));
    args.addAll(List.of(more));
    return run(args);
  }

  String renderOk(List<Path> valuesFiles, String... more) {
    Result r = template(valuesFiles, more);
    if (r.exitCode() != 0) {
      throw new AssertionError("helm template exited with " + r.exitCode() + ":\n" + r.stderr());
    }
    return r.stdout();
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(home)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory; best effort
    }
  }

  record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private static Path find() {
    List<Path> candidates = new ArrayList<>();
    String cache = System.getenv("ATRIUM_TOOLS_CACHE");
    Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "atrium");
    candidates.add(root.resolve("helm").resolve(VERSION).resolve("helm"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isBlank()) candidates.add(Path.of(dir, "helm"));
      }
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p) && version(p).startsWith("v3.")) return p;
    }
    throw new IllegalStateException("helm 3 not found (looked in " + candidates.get(0) + " and on PATH): " + INSTALL_HINT);
  }

  private static String version(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "version", "--template", "{{.Version}}")
          .redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
