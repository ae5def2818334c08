package dev.atrium.store.grpc;

import com.google.protobuf.Timestamp;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.Violations;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import dev.atrium.store.backend.RevisionCompactedException;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.service.ResourceNotFoundException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.time.Instant;

/** Between the Store gRPC messages and the core model, and from failures to gRPC status codes. */
final class ProtoMapping {
  private ProtoMapping() {}

  /** Trailer carrying every violation of an INVALID_ARGUMENT, so clients can show field paths. */
  static final Metadata.Key<Violations> VIOLATIONS_KEY =
      ProtoUtils.keyForProto(Violations.getDefaultInstance());

  static Resource toProto(dev.atrium.core.model.Resource r) {
    ResourceMeta m = r.meta();
    Resource.Builder b = Resource.newBuilder()
        .setKey(key(r.kind().typeName(), m.mesh(), m.name()))
        .setVersion(m.version())
        .putAllLabels(m.labels())
        .setSpecJson(ResourceCodec.encodeSpec(r.spec()));
    if (m.creationTime() != null) b.setCreationTime(timestamp(m.creationTime()));
    if (m.modificationTime() != null) b.setModificationTime(timestamp(m.modificationTime()));
    return b.build();
  }

  static Resource toProto(StoredResource s) {
    Resource.Builder b = Resource.newBuilder()
        .setKey(key(s.key().kind(), s.key().mesh(), s.key().name()))
        .setVersion(s.version())
        .putAllLabels(s.labels())
        .setSpecJson(s.json());
    if (s.creationTime() != null) b.setCreationTime(timestamp(s.creationTime()));
    if (s.modificationTime() != null) b.setModificationTime(timestamp(s.modificationTime()));
    return b.build();
  }

  static ResourceKey key(String kind, String mesh, String name) {
    return ResourceKey.newBuilder().setKind(kind).setMesh(mesh == null ? "" : mesh).setName(name).build();
  }

  static ResourceKind kind(String typeName) {
    return ResourceKind.byTypeName(typeName).orElseThrow(() -> Status.INVALID_ARGUMENT
        .withDescription("unknown resource kind \"" + typeName + "\"").asRuntimeException());
  }

  /** A core resource from a Put request: the spec is decoded strictly, as a REST body would be. */
  static dev.atrium.core.model.Resource fromPut(ResourceKey key, java.util.Map<String, String> labels, String specJson) {
    ResourceKind kind = kind(key.getKind());
    String mesh = kind.isMeshScoped() ? key.getMesh() : null;
    return new dev.atrium.core.model.Resource(kind, new ResourceMeta(mesh, key.getName(), labels, null, null, 0),
        ResourceCodec.decodeSpec(kind, specJson));
  }

  static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException s) return s;
    if (t instanceof InvalidResourceException e) {
      Metadata trailers = new Metadata();
      Violations.Builder vs = Violations.newBuilder();
      for (Violation v : e.violations()) {
        vs.addViolations(dev.atrium.api.store.v1.Violation.newBuilder().setField(v.field()).setMessage(v.message()));
      }
      trailers.put(VIOLATIONS_KEY, vs.build());
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException(trailers);
    }
    if (t instanceof ResourceNotFoundException e) return Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
    if (t instanceof VersionConflictException e) return Status.ABORTED.withDescription(e.getMessage()).asRuntimeException();
    if (t instanceof RevisionCompactedException e) {
      return Status.OUT_OF_RANGE.withDescription(e.getMessage()).asRuntimeException();
    }
    return Status.INTERNAL.withDescription("store failure: " + t).withCause(t).asRuntimeException();
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
