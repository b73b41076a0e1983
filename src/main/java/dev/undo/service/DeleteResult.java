package dev.undo.service;

import dev.undo.domain.Item;

/** The tombstoned item (with its undo offer while the window is open) and whether it was deleted before. */
public record DeleteResult(Item item, boolean repeated) {}
