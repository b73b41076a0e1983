package dev.undo.domain;

import java.util.regex.Pattern;

/**
 * A position in the change feed: the event's transaction id as the feed orders it (xid8) and its
 * sequence number. Written {@code <xid>.<seq>}; {@link #START} is before every event.
 */
public record FeedCursor(long xid, long seq) implements Comparable<FeedCursor> {
  public static final FeedCursor START = new FeedCursor(0, 0);
  private static final Pattern FORM = Pattern.compile("[0-9]{1,18}\\.[0-9]{1,18}");

  /** The cursor a client sent, or null when it is not one. */
  public static FeedCursor parse(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      return null;
    }
    int dot = text.indexOf('.');
    return new FeedCursor(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
  }

  @Override
  public int compareTo(FeedCursor other) {
    int byXid = Long.compare(xid, other.xid);
    return byXid != 0 ? byXid : Long.compare(seq, other.seq);
  }

  @Override
  public String toString() {
    return xid + "." + seq;
  }
}
