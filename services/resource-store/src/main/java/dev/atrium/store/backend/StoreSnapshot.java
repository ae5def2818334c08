package dev.atrium.store.backend;

import java.util.List;

/** Every resource (of the requested kinds) as of exactly {@code revision}, read atomically. */
public record StoreSnapshot(long revision, List<StoredResource> resources) {}
