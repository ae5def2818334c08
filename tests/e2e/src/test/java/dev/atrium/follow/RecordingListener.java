package dev.atrium.follow;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** A follower's listener that keeps what it was told, for tests to wait on and inspect. */
final class RecordingListener implements StoreFollower.Listener {
  final List<Change> changes = new CopyOnWriteArrayList<>();
  final List<List<Change>> loads = new CopyOnWriteArrayList<>();

  @Override
  public void changed(List<Change> batch) {
    changes.addAll(batch);
  }

  @Override
  public void loaded(List<Change> meshes) {
    loads.add(meshes);
  }

  /** The changes told so far that {@code filter} keeps, as "kind mesh/name created|updated|deleted". */
  List<String> described(Predicate<Change> filter) {
    return changes.stream().filter(filter).map(RecordingListener::describe).toList();
  }

  static String describe(Change c) {
    String what = c.before() == null ? "created" : c.after() == null ? "deleted" : "updated";
    return c.kind().typeName() + " " + c.mesh() + "/" + c.name() + " " + what;
  }

  static void eventually(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + timeout);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
