package dev.atrium.webhook.controller.runtime;

/**
 * Brings one object (by key) to its desired state. It must be idempotent: it is called again for the
 * same key after every change that may concern it, and again after a failure (any exception), with a
 * growing delay.
 */
@FunctionalInterface
public interface Reconciler<K> {
  void reconcile(K key) throws Exception;
}
