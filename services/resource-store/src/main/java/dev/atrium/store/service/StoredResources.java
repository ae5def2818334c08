package dev.atrium.store.service;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoredResource;

/** Conversions between the core model and what backends keep (the spec as canonical JSON). */
public final class StoredResources {
  private StoredResources() {}

  public static ResourceKey keyOf(ResourceKind kind, String mesh, String name) {
    return new ResourceKey(kind.typeName(), kind.isMeshScoped() ? mesh : "", name);
  }

  public static ResourceKey keyOf(Resource r) {
    return keyOf(r.kind(), r.mesh(), r.name());
  }

  public static Resource toResource(StoredResource s) {
    ResourceKind kind = ResourceKind.byTypeName(s.key().kind())
        .orElseThrow(() -> new IllegalStateException("stored resource of unknown kind " + s.key()));
    ResourceMeta meta = new ResourceMeta(kind.isMeshScoped() ? s.key().mesh() : null, s.key().name(), s.labels(),
        s.creationTime(), s.modificationTime(), s.version());
    return new Resource(kind, meta, ResourceCodec.decodeSpec(kind, s.json()));
  }
}
