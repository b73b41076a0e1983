package dev.undo.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema up to date with Flyway. Blocking (JDBC): call it off the event loop. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(String databaseUrl) {
    Database.JdbcTarget target = Database.jdbc(databaseUrl);
    Flyway flyway = Flyway.configure()
        .dataSource(target.url(), target.properties().getProperty("user"), target.properties().getProperty("password"))
        .locations("classpath:db/migration")
        .connectRetries(5)
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("Schema at version {} ({} migrations applied)", result.targetSchemaVersion != null
        ? result.targetSchemaVersion : result.initialSchemaVersion, result.migrationsExecuted);
  }
}
