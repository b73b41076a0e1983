package dev.undo.domain;

/** The cursor is older than the oldest event the feed keeps: what came after it may have been dropped. */
public final class FeedExpiredException extends DomainException {
  public FeedExpiredException(String message) {
    super(message);
  }
}
