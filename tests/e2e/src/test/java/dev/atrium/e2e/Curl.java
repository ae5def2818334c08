package dev.atrium.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code curl}, as the issues and the README show users calling Atrium. */
public final class Curl {
  private Curl() {}

  public record Result(int status, String body) {}

  /** A curl run that may fail: its exit code (52 empty reply, 56 reset, 35 TLS…), the status (0 when none) and its output. */
  public record Attempt(int exitCode, int status, String output) {}

  /** Runs curl with {@code args}, failing or not, for tests that expect a refusal. */
  public static Attempt attempt(String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException("curl did not finish: " + cmd);
      int nl = out.lastIndexOf('\n');
      String code = nl < 0 ? "" : out.substring(nl + 1).trim();
      return new Attempt(p.exitValue(), code.matches("\\d+") ? Integer.parseInt(code) : 0, nl < 0 ? out : out.substring(0, nl));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs curl with {@code args}; the status comes from {@code -w} on the last line. */
  public static Result run(String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException("curl did not finish: " + cmd);
      int nl = out.lastIndexOf('\n');
      if (p.exitValue() != 0 || nl < 0) throw new IllegalStateException("curl failed (" + p.exitValue() + "): " + out);
      return new Result(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, nl));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
