package dev.atrium.store.backend.jdbc;

/**
 * The database could not be used (connection lost, disk full, corrupt file). For a write it means
 * the outcome is unknown only if the failure happened during commit; callers report it as a server
 * error and clients retry with an expected version to stay safe.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
