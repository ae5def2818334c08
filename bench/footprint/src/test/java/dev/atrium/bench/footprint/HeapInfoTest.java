package dev.atrium.bench.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden input: GC.heap_info of a JDK 17 JVM with -XX:+UseSerialGC -Xms16m -Xmx256m, recorded as jcmd printed it. */
class HeapInfoTest {
  @Test
  void sumsBothGenerationsAndReadsMetaspace() throws IOException {
    HeapInfo heap = HeapInfo.parse(resource("gc-heap-info.txt"));
    assertEquals(880 + 3247, heap.usedKiB());
    assertEquals(4928 + 10944, heap.committedKiB());
    assertEquals(8929, heap.metaspaceUsedKiB());
    assertEquals(9088, heap.metaspaceCommittedKiB());
    assertEquals(1152, heap.classSpaceCommittedKiB());
  }

  /** JDK 25 (the services' runtime, deploy/jvm/runtime.sh) names the generations DefNew/Tenured and prints no metaspace here. */
  @Test
  void readsJdk25GenerationsAndLeavesMetaspaceToNmt() throws IOException {
    HeapInfo heap = HeapInfo.parse(resource("gc-heap-info-jdk25.txt"));
    assertEquals(8305 + 20077, heap.usedKiB());
    assertEquals(10560 + 23360, heap.committedKiB());
    assertEquals(-1, heap.metaspaceCommittedKiB());
  }

  @Test
  void anotherCollectorIsAnErrorNotAZero() {
    assertThrows(IllegalArgumentException.class, () -> HeapInfo.parse(" garbage-first heap   total 16384K, used 2048K\n"));
  }

  static String resource(String name) throws IOException {
    try (InputStream in = HeapInfoTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
