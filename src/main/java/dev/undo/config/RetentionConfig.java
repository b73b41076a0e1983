package dev.undo.config;

import java.time.Duration;

/**
 * The history partitions and their purge ({@code retention.*}).
 *
 * @param premakeDays days of history partitions made ahead
 * @param partitionDays days one history partition spans
 * @param lockTimeout lock_timeout of the purge's DDL
 */
public record RetentionConfig(int premakeDays, int partitionDays, Duration purgeInterval, Duration lockTimeout) {
  static RetentionConfig from(ConfigSource source) {
    return new RetentionConfig(
        source.integer("UNDO_PREMAKE_DAYS", "retention.premakeDays", 7),
        source.integer("UNDO_PARTITION_DAYS", "retention.partitionDays", 7, 1, 31),
        source.duration("UNDO_PURGE_INTERVAL", "retention.purgeInterval", Duration.ofMinutes(1)),
        source.duration("UNDO_PURGE_LOCK_TIMEOUT", "retention.lockTimeout", Duration.ofSeconds(5)));
  }
}
