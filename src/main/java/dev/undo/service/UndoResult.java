package dev.undo.service;

import dev.undo.domain.Item;

/** The item an undo gave back, and whether this undo restored it (false: it had been restored before). */
public record UndoResult(Item item, boolean restored) {}
