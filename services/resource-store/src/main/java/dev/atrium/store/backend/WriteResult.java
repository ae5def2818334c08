package dev.atrium.store.backend;

/** The outcome of a put: the resource as stored, and whether it was created (REST 201) or updated (200). */
public record WriteResult(StoredResource resource, boolean created) {}
