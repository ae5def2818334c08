package dev.atrium.store.backend.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run inside one transaction on a connection the caller does not own. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
