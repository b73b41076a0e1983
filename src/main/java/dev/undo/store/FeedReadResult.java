package dev.undo.store;

import dev.undo.domain.FeedEvent;
import java.util.List;

/** The answer of changes-read.sql and changes-read-collection.sql. */
public record FeedReadResult(Outcome outcome, List<FeedEvent> events) {

  public enum Outcome {
    /** The events after the cursor that no running transaction can precede any more (perhaps none). */
    EVENTS,
    /** The cursor is before events that have been dropped. */
    EXPIRED
  }
}
