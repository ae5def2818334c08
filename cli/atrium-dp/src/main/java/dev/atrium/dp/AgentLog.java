package dev.atrium.dp;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * atrium-dp's own log lines, on stderr next to Envoy's (which it inherits). Written straight to
 * System.err rather than through the Quarkus log manager, because the most important lines (Envoy
 * stopped, Dataplane deregistered) are written from a shutdown hook, while Quarkus is shutting down.
 */
public final class AgentLog {
  private static final PrintStream OUT = System.err;

  private AgentLog() {}

  public static void info(String message) {
    write("info", message);
  }

  public static void warn(String message) {
    write("warning", message);
  }

  public static void error(String message) {
    write("error", message);
  }

  private static void write(String level, String message) {
    // Envoy's layout ("[time][level] message") so one stream reads as one log.
    synchronized (OUT) {
      OUT.println("[" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "][" + level + "][atrium-dp] " + message);
      OUT.flush();
    }
  }
}
