package dev.atrium.store.metrics;

import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.service.ResourceNotFoundException;

/** The operations of the service layer, as the {@code operation} tag names them, and how one can end. */
public enum StoreOperation {
  PUT("put"), GET("get"), LIST("list"), DELETE("delete");

  static final String OK = "ok";
  static final String CONFLICT = "conflict";
  static final String NOT_FOUND = "not_found";
  static final String INVALID = "invalid";
  static final String ERROR = "error";

  final String tag;

  StoreOperation(String tag) {
    this.tag = tag;
  }

  /** The {@code outcome} tag of an operation that threw {@code e}: the client's mistake, or the store's. */
  static String outcomeOf(RuntimeException e) {
    if (e instanceof VersionConflictException) return CONFLICT;
    if (e instanceof ResourceNotFoundException) return NOT_FOUND;
    if (e instanceof InvalidResourceException) return INVALID;
    return ERROR;
  }
}
