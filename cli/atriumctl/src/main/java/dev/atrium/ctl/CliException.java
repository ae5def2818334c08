package dev.atrium.ctl;

import java.util.List;

/**
 * A failure the user can act on (a missing file, an unknown kind). The lines are printed to stderr
 * as they are, and the command exits with 1; no stack trace, because the message is the whole story.
 */
public class CliException extends RuntimeException {
  private final List<String> lines;

  public CliException(String message) {
    this(List.of("Error: " + message));
  }

  public CliException(List<String> lines) {
    super(String.join("\n", lines));
    this.lines = List.copyOf(lines);
  }

  public List<String> lines() {
    return lines;
  }
}
