package dev.undo.retention;

import java.time.Duration;
import java.util.List;

/**
 * What one purge tick did. {@code skipped}: another replica held the purge lock.
 *
 * @param tombstonesMoved tombstones moved from items into history (or dropped, past retention already)
 * @param heldRowsKept rows of held items moved out of the partitions that purge drops
 * @param dropped the partitions dropped (detached and dropped, finalized, or left over from a crash)
 * @param rowsDropped rows in them, from the planner's estimate where the partition was analysed, else counted
 * @param eventPartitionsDropped the change feed's partitions dropped
 */
public record PurgeReport(boolean skipped, long tombstonesMoved, long heldRowsKept, int partitionsMade, List<String> dropped, long rowsDropped,
    List<String> eventPartitionsDropped, Duration took) {

  public PurgeReport {
    dropped = List.copyOf(dropped);
    eventPartitionsDropped = List.copyOf(eventPartitionsDropped);
  }

  static PurgeReport skipped(Duration took) {
    return new PurgeReport(true, 0, 0, 0, List.of(), 0, List.of(), took);
  }

  public boolean didSomething() {
    return tombstonesMoved > 0 || heldRowsKept > 0 || partitionsMade > 0 || !dropped.isEmpty() || !eventPartitionsDropped.isEmpty();
  }
}
