package dev.atrium.store.backend.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears commits made by other store processes: a daemon thread with its own connection (not a pooled
 * one, which the pool might validate or recycle under it) that LISTENs on the store's channel and
 * blocks in {@link PGConnection#getNotifications(int)} until PostgreSQL delivers a notification.
 *
 * <p>Notifications sent while the connection is down are lost, so after every (re)connect listeners
 * fire once: watchers then read eventsAfter their position and miss nothing.
 */
final class PostgresChangeListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PostgresChangeListener.class.getName());
  /** The wait is still a blocking wait; the bound only lets close() and the liveness check run. */
  private static final int WAIT_MILLIS = 1_000;
  /** After this long without a notification, a trivial query checks the connection is still alive. */
  private static final long PING_AFTER_MILLIS = 30_000;
  private static final long MAX_RECONNECT_DELAY_MILLIS = 5_000;

  private final String jdbcUrl;
  private final Properties credentials = new Properties();
  private final CommitSignal signal;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection current;

  private PostgresChangeListener(String jdbcUrl, String user, String password, CommitSignal signal) {
    this.jdbcUrl = jdbcUrl;
    // Either may be absent (trust or peer authentication, or both given in the URL).
    if (user != null) credentials.setProperty("user", user);
    if (password != null) credentials.setProperty("password", password);
    credentials.setProperty("ApplicationName", "atrium-resource-store-listen");
    credentials.setProperty("tcpKeepAlive", "true");
    this.signal = signal;
    this.thread = new Thread(this::run, "atrium-store-pg-listen");
    thread.setDaemon(true);
  }

  static PostgresChangeListener start(String jdbcUrl, String user, String password, CommitSignal signal) {
    PostgresChangeListener listener = new PostgresChangeListener(jdbcUrl, user, password, signal);
    listener.thread.start();
    return listener;
  }

  @Override
  public void close() {
    closed = true;
    Connection listening = current;
    if (listening != null) {
      try {
        // abort, unlike close, does not wait for the lock the blocked getNotifications holds.
        listening.abort(Runnable::run);
      } catch (SQLException e) {
        // the thread notices closed within WAIT_MILLIS anyway
      }
    }
    thread.interrupt();
    try {
      thread.join(WAIT_MILLIS * 3L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long delay = 100;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, credentials)) {
        current = c;
        if (closed) return;
        SqlDialect.execute(c, "LISTEN " + SqlDialect.NOTIFY_CHANNEL);
        delay = 100;
        signal.fire(); // anything committed while we were not listening
        listen(c);
      } catch (SQLException e) {
        if (closed) return;
        LOG.log(System.Logger.Level.WARNING, "listening for store commits on " + jdbcUrl + " failed, reconnecting in "
            + delay + " ms: " + e.getMessage());
        if (!sleep(delay)) return;
        delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MILLIS);
      }
    }
  }

  private void listen(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long lastHeard = System.currentTimeMillis();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
      if (notifications != null && notifications.length > 0) {
        lastHeard = System.currentTimeMillis();
        long newest = newestRevision(notifications);
        if (newest > 0) {
          signal.committedElsewhere(newest);
        } else {
          signal.fire(); // a payload we cannot read: fire rather than risk missing a commit
        }
      } else if (System.currentTimeMillis() - lastHeard > PING_AFTER_MILLIS) {
        SqlDialect.execute(c, "SELECT 1"); // a half-open TCP connection would otherwise wait forever
        lastHeard = System.currentTimeMillis();
      }
    }
  }

  /** The newest revision announced, or 0 if any payload is not a revision. */
  private static long newestRevision(PGNotification[] notifications) {
    long newest = 0;
    for (PGNotification n : notifications) {
      try {
        newest = Math.max(newest, Long.parseLong(n.getParameter()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return newest;
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
