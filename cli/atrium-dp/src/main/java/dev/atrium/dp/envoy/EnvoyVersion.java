package dev.atrium.dp.envoy;

import dev.atrium.dp.AgentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code envoy --version} reports, for the bootstrap request: {@code version} is the release
 * ("1.40.0") and {@code build} the whole build string ("&lt;sha&gt;/1.40.0/Clean/RELEASE/BoringSSL"),
 * as kuma-dp sends them.
 */
public record EnvoyVersion(String version, String build) {
  private static final Pattern BUILD = Pattern.compile("version:\\s*(\\S+)");
  private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+[\\w.-]*");

  /** Runs the binary once; running it also proves that it is an Envoy that starts on this machine. */
  public static EnvoyVersion of(Path envoy) {
    try {
      Process p = new ProcessBuilder(envoy.toString(), "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AgentException("Error: " + envoy + " --version did not finish within 30s");
      }
      if (p.exitValue() != 0) {
        throw new AgentException("Error: " + envoy + " --version failed (exit " + p.exitValue() + "): " + out.strip());
      }
      return parse(out);
    } catch (IOException e) {
      throw new AgentException("Error: cannot run Envoy at " + envoy + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException("Error: interrupted while asking " + envoy + " for its version");
    }
  }

  public static EnvoyVersion parse(String output) {
    Matcher build = BUILD.matcher(output);
    if (!build.find()) {
      throw new AgentException("Error: not an Envoy version string: " + output.strip());
    }
    for (String part : build.group(1).split("/")) {
      if (RELEASE.matcher(part).matches()) return new EnvoyVersion(part, build.group(1));
    }
    return new EnvoyVersion(build.group(1), build.group(1));
  }
}
