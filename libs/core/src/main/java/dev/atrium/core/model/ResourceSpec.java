package dev.atrium.core.model;

/**
 * The kind-specific part of a resource. Implementations are immutable records whose JSON names are
 * Kuma's (lowerCamelCase, with the proto's snake_case names accepted as aliases on input).
 */
public interface ResourceSpec {}
