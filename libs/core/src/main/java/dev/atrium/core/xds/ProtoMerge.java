package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.Map;

/**
 * The merge of a Patch {@code value} into a generated resource, as Kuma does it: set fields replace,
 * repeated fields are appended, messages merge field by field — except a {@code Duration}, which is
 * replaced whole (merged field by field, 5s patched with 500ms would become 5.5s) — and two Anys of the
 * same type merge their contents.
 */
final class ProtoMerge {
  private ProtoMerge() {}

  static <M extends Message> M merge(M into, Message patch) {
    Message.Builder out = into.toBuilder();
    mergeInto(out, patch);
    @SuppressWarnings("unchecked")
    M merged = (M) out.build();
    return merged;
  }

  /** Two Anys: their contents merged when of one type, else the patch's replaces. */
  static Any mergeAny(Any into, Any patch) {
    if (into.getTypeUrl().isEmpty() || !into.getTypeUrl().equals(patch.getTypeUrl())) return patch;
    String typeName = patch.getTypeUrl().substring(patch.getTypeUrl().lastIndexOf('/') + 1);
    Descriptor type;
    try {
      type = EnvoyYaml.TYPES.find(typeName);
    } catch (RuntimeException e) {
      type = null;
    }
    if (type == null) throw new IllegalArgumentException("cannot merge a typed config of unknown type " + typeName);
    try {
      DynamicMessage.Builder out = DynamicMessage.parseFrom(type, into.getValue()).toBuilder();
      mergeInto(out, DynamicMessage.parseFrom(type, patch.getValue()));
      return Any.newBuilder().setTypeUrl(into.getTypeUrl()).setValue(out.build().toByteString()).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("unreadable typed config " + typeName + ": " + e.getMessage(), e);
    }
  }

  private static void mergeInto(Message.Builder out, Message patch) {
    for (Map.Entry<FieldDescriptor, Object> e : patch.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.isRepeated()) {
        for (Object item : (Iterable<?>) e.getValue()) out.addRepeatedField(f, item);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && out.hasField(f)) {
        Message value = (Message) e.getValue();
        String name = f.getMessageType().getFullName();
        if (name.equals("google.protobuf.Duration")) {
          out.setField(f, value);
        } else if (name.equals("google.protobuf.Any")) {
          out.setField(f, mergeAny(toAny((Message) out.getField(f)), toAny(value)));
        } else {
          Message.Builder nested = ((Message) out.getField(f)).toBuilder();
          mergeInto(nested, value);
          out.setField(f, nested.build());
        }
      } else {
        out.setField(f, e.getValue());
      }
    }
  }

  private static Any toAny(Message m) {
    if (m instanceof Any any) return any;
    try {
      return Any.parseFrom(m.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
