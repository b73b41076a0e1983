package dev.undo.service;

import dev.undo.domain.Item;
import java.util.List;
import java.util.UUID;

/** One page of a listing; {@code next} is the key to continue after, null on the last page. */
public record Page(List<Item> items, UUID next) {}
