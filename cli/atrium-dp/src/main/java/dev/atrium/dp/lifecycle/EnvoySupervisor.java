package dev.atrium.dp.lifecycle;

import dev.atrium.dp.AgentLog;
import dev.atrium.dp.envoy.EnvoyProcess;
import dev.atrium.dp.readiness.EnvoyReadiness;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Envoy to the end, one of two ways:
 * <ul>
 *   <li>Envoy exits by itself: exit 0 counts as a clean stop (deregister), anything else as a crash
 *       (the Dataplane stays registered, so whoever restarts the agent finds it in place);
 *   <li>atrium-dp gets SIGTERM/SIGINT: a JVM shutdown hook turns readiness off (on Kubernetes the Pod
 *       leaves its Services' endpoints), deregisters and keeps Envoy serving for the drain time, so
 *       other proxies have dropped this endpoint before it goes away (no request fails in a rolling
 *       restart); then it passes the signal on to Envoy, waits up to
 *       {@link #STOP_GRACE} before SIGKILL, and ends the JVM with Envoy's exit code (instead of the
 *       JVM's 143/130, so a supervisor sees the clean stop it asked for).
 * </ul>
 * Either way the temporary work directory is removed last.
 */
public final class EnvoySupervisor {
  public static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final EnvoyProcess envoy;
  private final Deregistration deregistration;
  private final EnvoyReadiness readiness;
  private final Duration drainTime;
  private final Runnable cleanup;
  private volatile boolean signalled;

  public EnvoySupervisor(EnvoyProcess envoy, Deregistration deregistration, EnvoyReadiness readiness,
      Duration drainTime, Runnable cleanup) {
    this.envoy = envoy;
    this.deregistration = deregistration;
    this.readiness = readiness;
    this.drainTime = drainTime;
    this.cleanup = cleanup;
  }

  /** Blocks until Envoy has exited; its exit code. After a signal it never returns: the hook ends the JVM. */
  public int run() throws InterruptedException {
    Thread hook = new Thread(this::stopOnSignal, "atrium-dp-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = envoy.waitFor();
    if (signalled) awaitHalt();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      awaitHalt(); // a signal came just as Envoy exited: the hook does the rest
    }
    if (code == 0) {
      AgentLog.info("Envoy exited cleanly");
      deregistration.run();
    } else {
      AgentLog.error("Envoy exited with code " + code + "; the Dataplane stays registered");
    }
    cleanup.run();
    return code;
  }

  private void stopOnSignal() {
    signalled = true;
    readiness.shuttingDown();
    int code;
    try {
      deregistration.run();
      AgentLog.info("shutdown requested: deregistered, draining for " + drainTime.toMillis() + " ms");
      Thread.sleep(drainTime.toMillis());
      AgentLog.info("stopping Envoy (pid " + envoy.pid() + ")");
      code = envoy.stop(STOP_GRACE);
      AgentLog.info("Envoy stopped (exit code " + code + ")");
    } catch (InterruptedException e) {
      code = 1;
    }
    cleanup.run();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  /** The main thread waits here while the shutdown hook finishes and halts the JVM. */
  private static void awaitHalt() throws InterruptedException {
    new CountDownLatch(1).await();
  }
}
