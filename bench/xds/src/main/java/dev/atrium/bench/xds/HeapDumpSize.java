package dev.atrium.bench.xds;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of objects reachable from the GC roots of a JVM, from its heap dump: the live heap with
 * nothing else in it. Neither a class histogram nor the dump's own object list is that: both are heap
 * walks, and on this JDK (17, Serial GC) a walk also meets dead int[] fillers — unused ends of
 * allocation buffers — that swung readings by up to 9 MiB between otherwise equal states. Marking from
 * the roots (thread stacks, JNI handles, classes and their static fields) leaves them out.
 *
 * <p>Sizes are HotSpot's on 64 bits with compressed oops and class pointers (a heap under 32 GiB): a
 * 12-byte header, 4-byte references, arrays with a 16-byte header, everything aligned to 8 bytes; field
 * packing gaps are ignored. Class objects themselves are not counted.
 */
final class HeapDumpSize {
  private static final int[] SIZE = new int[12];

  static {
    SIZE[2] = 4; // object reference (compressed)
    SIZE[4] = 1; // boolean
    SIZE[5] = 2; // char
    SIZE[6] = 4; // float
    SIZE[7] = 8; // double
    SIZE[8] = 1; // byte
    SIZE[9] = 2; // short
    SIZE[10] = 4; // int
    SIZE[11] = 8; // long
  }

  private record ClassInfo(long superId, byte[] fieldTypes, long ownBytes) {}

  private HeapDumpSize() {}

  /** Dumps the heap of {@code pid} and returns its reachable bytes; -1 when jcmd is unavailable. */
  static long liveBytes(long pid, Path workDir) {
    Path jcmd = dev.atrium.testing.process.JvmOptions.jdkTool("jcmd");
    Path dump = workDir.resolve("heap-" + System.nanoTime() + ".hprof");
    try {
      if (!Files.isExecutable(jcmd)) return -1;
      Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_dump", dump.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || !Files.exists(dump)) return -1;
      return reachableBytes(dump);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      try {
        Files.deleteIfExists(dump);
      } catch (IOException ignored) {
        // a leftover dump goes with the bench's work directory
      }
    }
  }

  static long reachableBytes(Path hprof) throws IOException {
    ByteBuffer b;
    try (FileChannel ch = FileChannel.open(hprof, StandardOpenOption.READ)) {
      b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    while (b.get() != 0) { } // "JAVA PROFILE 1.0.2\0"
    int idSize = b.getInt();
    if (idSize != 8) throw new IOException("identifier size " + idSize + " not supported");
    b.getLong(); // timestamp
    Map<Long, ClassInfo> classes = new HashMap<>();
    Map<Long, long[]> objects = new HashMap<>(); // id -> {kind, position or class, length, size}
    List<Long> roots = new ArrayList<>();
    while (b.hasRemaining()) {
      int tag = b.get() & 0xff;
      b.getInt();
      long length = Integer.toUnsignedLong(b.getInt());
      int end = (int) (b.position() + length);
      if (tag != 0x0c && tag != 0x1c) {
        b.position(end);
        continue;
      }
      while (b.position() < end) {
        int sub = b.get() & 0xff;
        switch (sub) {
          case 0xff, 0x05, 0x07 -> roots.add(b.getLong());
          case 0x01, 0x02, 0x03, 0x08 -> {
            roots.add(b.getLong());
            skip(b, 8);
          }
          case 0x04, 0x06 -> {
            roots.add(b.getLong());
            skip(b, 4);
          }
          case 0x20 -> readClass(b, classes, roots);
          case 0x21 -> {
            long id = b.getLong();
            skip(b, 4);
            long classId = b.getLong();
            int n = b.getInt();
            objects.put(id, new long[] {0, b.position(), classId, 0});
            skip(b, n);
          }
          case 0x22 -> {
            long id = b.getLong();
            skip(b, 4);
            int n = b.getInt();
            skip(b, 8);
            objects.put(id, new long[] {1, b.position(), n, align(16 + 4L * n)});
            skip(b, 8L * n);
          }
          case 0x23 -> {
            long id = b.getLong();
            skip(b, 4);
            int n = b.getInt();
            int type = b.get();
            objects.put(id, new long[] {2, 0, n, align(16 + (long) n * SIZE[type])});
            skip(b, (long) n * SIZE[type]);
          }
          default -> throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(sub));
        }
      }
    }
    return mark(b, classes, objects, roots);
  }

  private static long mark(ByteBuffer b, Map<Long, ClassInfo> classes, Map<Long, long[]> objects, List<Long> roots) {
    Set<Long> seen = new HashSet<>();
    ArrayDeque<Long> todo = new ArrayDeque<>(roots);
    long total = 0;
    while (!todo.isEmpty()) {
      long id = todo.pop();
      long[] o = objects.get(id);
      if (o == null || !seen.add(id)) continue;
      if (o[0] == 1) {
        total += o[3];
        for (int i = 0; i < o[2]; i++) push(todo, b.getLong((int) o[1] + 8 * i));
      } else if (o[0] == 2) {
        total += o[3];
      } else {
        int at = (int) o[1];
        long bytes = 0;
        for (long c = o[2]; c != 0 && classes.containsKey(c); c = classes.get(c).superId()) {
          ClassInfo info = classes.get(c);
          bytes += info.ownBytes();
          for (byte type : info.fieldTypes()) {
            if (type == 2) {
              push(todo, b.getLong(at));
              at += 8;
            } else {
              at += SIZE[type];
            }
          }
        }
        total += align(12 + bytes);
      }
    }
    return total;
  }

  /** A CLASS DUMP after its sub-record tag; its static references are roots. */
  private static void readClass(ByteBuffer b, Map<Long, ClassInfo> classes, List<Long> roots) {
    long id = b.getLong();
    skip(b, 4);
    long superId = b.getLong();
    skip(b, 8 * 5 + 4);
    int constants = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < constants; i++) {
      skip(b, 2);
      skipValue(b, b.get());
    }
    int statics = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < statics; i++) {
      skip(b, 8);
      int type = b.get();
      if (type == 2) roots.add(b.getLong());
      else skipValue(b, type);
    }
    int fields = Short.toUnsignedInt(b.getShort());
    byte[] types = new byte[fields];
    long own = 0;
    for (int i = 0; i < fields; i++) {
      skip(b, 8);
      types[i] = b.get();
      own += SIZE[types[i]];
    }
    classes.put(id, new ClassInfo(superId, types, own));
  }

  private static void push(ArrayDeque<Long> todo, long id) {
    if (id != 0) todo.push(id);
  }

  /** A value inside the dump, where references take the dump's 8 bytes. */
  private static void skipValue(ByteBuffer b, int type) {
    skip(b, type == 2 ? 8 : SIZE[type]);
  }

  private static long align(long size) {
    return (size + 7) & ~7L;
  }

  private static void skip(ByteBuffer b, long n) {
    b.position((int) (b.position() + n));
  }

  /** For a manual check: prints the reachable bytes of each dump named. */
  public static void main(String[] args) throws IOException {
    for (String a : args) System.out.println(a + ": " + reachableBytes(Path.of(a)));
  }
}
