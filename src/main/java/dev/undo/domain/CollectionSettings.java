package dev.undo.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A collection and the rules its items live by. {@code references}: the members of its items that
 * refer to other items (soft foreign keys). {@code restoreAfterWindow}: its deletions may be restored
 * from the trash after their undo window, until purge. {@code createdAt} is null before it is stored.
 */
public record CollectionSettings(
    String name, List<String> uniqueFields, List<Reference> references, Duration undoWindow, Duration retention,
    boolean restoreAfterWindow, Instant createdAt) {

  public static final Duration DEFAULT_UNDO_WINDOW = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
  public static final Duration MIN_UNDO_WINDOW = Duration.ofSeconds(1);
  public static final Duration MAX_UNDO_WINDOW = Duration.ofHours(24);
  public static final Duration MAX_RETENTION = Duration.ofDays(3650);

  public CollectionSettings {
    uniqueFields = List.copyOf(uniqueFields);
    references = List.copyOf(references);
  }

  /**
   * Checks the rules that a stored collection must meet.
   *
   * @throws InvalidRequestException naming the first rule broken
   */
  public static CollectionSettings validated(String name, List<String> uniqueFields, List<Reference> references,
      Duration undoWindow, Duration retention, boolean restoreAfterWindow) {
    CollectionNames.requireValid(name);
    if (undoWindow.compareTo(MIN_UNDO_WINDOW) < 0 || undoWindow.compareTo(MAX_UNDO_WINDOW) > 0) {
      throw new InvalidRequestException("undoWindow must be between PT1S and PT24H, was " + IsoDurations.format(undoWindow));
    }
    if (retention.compareTo(undoWindow) < 0 || retention.compareTo(MAX_RETENTION) > 0) {
      throw new InvalidRequestException(
          "retention must be at least the undo window and at most P3650D, was " + IsoDurations.format(retention));
    }
    if (undoWindow.toNanos() % 1_000_000 != 0 || retention.toNanos() % 1_000_000 != 0) {
      throw new InvalidRequestException("undoWindow and retention are whole milliseconds");
    }
    if (uniqueFields.size() > 16) {
      throw new InvalidRequestException("at most 16 uniqueFields");
    }
    for (String field : uniqueFields) {
      if (field == null || field.isEmpty() || field.length() > 200) {
        throw new InvalidRequestException("uniqueFields are the names of top-level members, 1 to 200 characters");
      }
    }
    if (uniqueFields.stream().distinct().count() != uniqueFields.size()) {
      throw new InvalidRequestException("uniqueFields has a repeated name");
    }
    requireValid(references);
    return new CollectionSettings(name, uniqueFields, references, undoWindow, retention, restoreAfterWindow, null);
  }

  private static void requireValid(List<Reference> references) {
    if (references.size() > 16) {
      throw new InvalidRequestException("at most 16 references");
    }
    for (Reference reference : references) {
      if (reference.field().isEmpty() || reference.field().length() > 200) {
        throw new InvalidRequestException("a reference's field is the name of a top-level member, 1 to 200 characters");
      }
      CollectionNames.requireValid(reference.collection());
    }
    if (references.stream().map(Reference::field).distinct().count() != references.size()) {
      throw new InvalidRequestException("references name a field twice");
    }
  }
}
