package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: {@code deploy/local/run.sh} with a fresh
 * ATRIUM_HOME ends with the demo gateway answering the curl it prints, and Ctrl-C (here SIGTERM)
 * leaves nothing running. Its own ports, so it clashes with no demo a developer has running. The
 * Envoy is the one the tests use, passed as ATRIUM_ENVOY_BINARY: the run never downloads (how
 * deploy/local/envoy.sh installs one into a virtual environment is shown by hand, docs/local-run.md).
 */
class LocalRunE2ETest {
  private static final Path ROOT = RepoPaths.root();
  private static final Duration READY_WITHIN = Duration.ofSeconds(180);

  @TempDir Path home;

  @Test
  void runShEndsWithTheDemoGatewayAnsweringThePrintedCurl() throws Exception {
    for (String jar : new String[] {"services/resource-store", "services/xds-server", "services/metrics", "cli/atriumctl", "cli/atrium-dp"}) {
      Path p = ROOT.resolve(jar).resolve("target/quarkus-app/quarkus-run.jar");
      // run.sh would build a missing jar with Maven, which has no place inside a test.
      assertThat(p).as("packaged before the e2e tests (mvn package)").exists();
    }
    int gateway = Ports.free();
    int admin = freePair();
    Path log = home.resolve("run.out");
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("deploy/local/run.sh").toString()).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("ATRIUM_HOME", home.resolve("atrium").toString(),
        "ATRIUM_ENVOY_BINARY", EnvoyBinary.path().toString(),
        "ATRIUM_STORE_HTTP_PORT", String.valueOf(Ports.free()), "ATRIUM_STORE_GRPC_PORT", String.valueOf(Ports.free()),
        "ATRIUM_XDS_PORT", String.valueOf(Ports.free()), "ATRIUM_METRICS_PORT", String.valueOf(Ports.free()),
        "ATRIUM_DEMO_GATEWAY_PORT", String.valueOf(gateway), "ATRIUM_DEMO_APP_PORT", String.valueOf(Ports.free()),
        "ATRIUM_DEMO_SIDECAR_PORT", String.valueOf(Ports.free()), "ATRIUM_DEMO_ADMIN_PORT", String.valueOf(admin)));
    Process run = pb.start();
    try {
      String out = awaitOutput(run, log, "Press Ctrl-C to stop.");
      String printed = out.lines().filter(l -> l.contains("# routed to demo-app")).findFirst()
          .orElseThrow(() -> new AssertionError("run.sh printed no demo curl:\n" + out));
      String curl = printed.substring(0, printed.indexOf('#')).trim();
      assertThat(curl).contains(":" + gateway + "/");

      String reply = shell(curl); // exactly what a newcomer pastes
      assertThat(reply.lines().findFirst().orElse("")).as("the printed curl's status line").startsWith("HTTP/1.1 200");
      assertThat(reply).contains("\"app\": \"demo-app\"");

      run.destroy(); // SIGTERM, as Ctrl-C: the script's trap stops what it started
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("run.sh stopped after SIGTERM").isTrue();
      assertThat(Files.readString(log)).endsWith("stopped\n");
      assertThat(answers(gateway)).as("no gateway left running on :" + gateway).isFalse();
    } finally {
      if (run.isAlive()) {
        run.destroy();
        if (!run.waitFor(30, TimeUnit.SECONDS)) run.destroyForcibly();
      }
    }
  }

  /** Waits until the script's output holds {@code line}; fails with the output if it exits or takes too long. */
  private static String awaitOutput(Process run, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.readString(log);
      if (out.contains(line)) return out;
      if (!run.isAlive()) throw new AssertionError("run.sh exited with " + run.exitValue() + ":\n" + out);
      Thread.sleep(200);
    }
    throw new AssertionError("run.sh was not ready within " + READY_WITHIN + ":\n" + Files.readString(log));
  }

  /** Runs {@code command} with bash; its standard output (curl's progress meter goes to stderr, discarded). */
  private static String shell(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command + " exit status; output:\n" + out).isZero();
    return out.replace("\r", "");
  }

  /** A free port whose successor is free too (the script gives the sidecar's Envoy admin the next port). */
  private static int freePair() {
    for (int i = 0; i < 20; i++) {
      int p = Ports.free();
      if (p < 65535 && !answers(p + 1)) return p;
    }
    throw new IllegalStateException("no two adjacent free ports found");
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
