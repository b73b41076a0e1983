package dev.undo.service;

import dev.undo.domain.DeletionRecord;
import dev.undo.domain.Item;
import java.util.List;

/**
 * What an undo gave back: the deletion (undone), its items as they are now, and whether this undo
 * restored them (false: an earlier one had).
 */
public record UndoResult(DeletionRecord deletion, List<Item> items, boolean restored) {

  /** A deletion of one item is answered with the item, as an undo always was; one of many with the deletion. */
  public boolean ofOneItem() {
    return deletion.deletion().itemIds().size() == 1;
  }
}
