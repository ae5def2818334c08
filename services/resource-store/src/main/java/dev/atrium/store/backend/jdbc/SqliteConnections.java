package dev.atrium.store.backend.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * Connections to the embedded store's single SQLite file. SQLite runs one writer at a time anyway,
 * so there is exactly one write connection behind a lock; a few reader connections run in parallel
 * with it, which WAL mode allows (each read transaction sees the last commit before it started).
 *
 * <p>Transactions are begun with explicit BEGIN statements on auto-commit connections: the driver's
 * own non-auto-commit mode opens the next transaction right after each commit, which for the writer
 * would hold SQLite's write lock between our transactions.
 */
final class SqliteConnections implements Connections {
  static final String DATABASE_FILE = "atrium-store.db";
  private static final String LOCK_FILE = "atrium-store.lock";
  private static final int READERS = 4;
  // The driver itself rather than DriverManager, which only offers a driver registered from the caller's
  // class loader: in a JVM where a Quarkus test application has already loaded its own copy of the
  // driver, DriverManager would find no driver for this one.
  private static final Driver DRIVER = new org.sqlite.JDBC();

  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final FileChannel lockChannel;
  private final FileLock processLock;
  private volatile boolean closed;

  private SqliteConnections(Path file, SyncMode sync, FileChannel lockChannel, FileLock processLock)
      throws SQLException {
    this.lockChannel = lockChannel;
    this.processLock = processLock;
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // In WAL mode FULL syncs the log on every commit; NORMAL only at checkpoints (see SyncMode).
    config.setSynchronous(sync == SyncMode.FULL ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    String url = "jdbc:sqlite:" + file;
    this.writer = DRIVER.connect(url, config.toProperties());
    for (int i = 0; i < READERS; i++) {
      readers.add(DRIVER.connect(url, config.toProperties()));
    }
  }

  /**
   * Opens (creating if needed) the store in {@code dataDir}. Only one process may use a data
   * directory: a second one would not see the first one's commits as events, so it is refused.
   */
  static SqliteConnections open(Path dataDir, SyncMode sync) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw new IllegalStateException("the store in " + dataDir + " is already open in another process");
      }
      return new SqliteConnections(dataDir.resolve(DATABASE_FILE), sync, channel, lock);
    } catch (IOException | SQLException e) {
      closeQuietly(channel);
      throw new StorageException("cannot open the embedded store in " + dataDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      return inTransaction(writer, "BEGIN IMMEDIATE", work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    ensureOpen();
    Connection reader;
    try {
      reader = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for a reader connection", e);
    }
    try {
      ensureOpen();
      return inTransaction(reader, "BEGIN", work);
    } finally {
      readers.add(reader);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    writeLock.lock();
    try {
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
    for (int i = 0; i < READERS; i++) {
      try {
        Connection reader = readers.poll(10, TimeUnit.SECONDS); // wait for reads in flight
        closeQuietly(reader);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      processLock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private static <T> T inTransaction(Connection c, String begin, SqlWork<T> work) {
    try {
      SqlDialect.execute(c, begin);
    } catch (SQLException e) {
      throw new StorageException("embedded store: " + e.getMessage(), e);
    }
    try {
      T result = work.run(c);
      SqlDialect.execute(c, "COMMIT");
      return result;
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw new StorageException("embedded store: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the embedded store is closed");
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      return null;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      SqlDialect.execute(c, "ROLLBACK");
    } catch (SQLException ignored) {
      // no transaction was active (BEGIN or COMMIT itself failed): nothing to undo
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort: the file lock and WAL recovery protect the data
    }
  }
}
