package dev.atrium.dp;

import java.util.List;

/**
 * A failure the operator can act on (a bad Dataplane file, a control plane that said no, no Envoy).
 * Its lines are printed to stderr as they are and atrium-dp exits with 1: the message is the whole
 * story, so no stack trace.
 */
public class AgentException extends RuntimeException {
  private final List<String> lines;

  public AgentException(String message) {
    this(List.of(message));
  }

  public AgentException(List<String> lines) {
    super(String.join("\n", lines));
    this.lines = List.copyOf(lines);
  }

  public List<String> lines() {
    return lines;
  }
}
