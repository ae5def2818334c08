package dev.atrium.store.backend;

/** An expected version did not match the stored one: someone else wrote first. */
public class VersionConflictException extends RuntimeException {
  private final ResourceKey key;
  private final long expected;
  private final long actual;

  public VersionConflictException(ResourceKey key, long expected, long actual) {
    super("version conflict on " + key + ": expected " + expected + ", found " + (actual == 0 ? "none" : actual));
    this.key = key;
    this.expected = expected;
    this.actual = actual;
  }

  public ResourceKey key() { return key; }
  public long expected() { return expected; }
  /** 0 when the resource does not exist. */
  public long actual() { return actual; }
}
