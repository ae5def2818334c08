package dev.atrium.store.backend.jdbc;

/** How hard the embedded store pushes each commit to disk. Both survive the process being killed. */
public enum SyncMode {
  /** fsync the write-ahead log on every commit: an acknowledged write also survives power loss. */
  FULL,
  /**
   * fsync only at checkpoints: an acknowledged write survives {@code kill -9} (it is in the OS page
   * cache) but the last few may be lost if the machine itself loses power. Faster on slow disks.
   */
  NORMAL
}
