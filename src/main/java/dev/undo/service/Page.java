package dev.undo.service;

import dev.undo.domain.Item;
import dev.undo.domain.PageKey;
import java.util.List;

/** One page of a listing; {@code next} is the key to continue after, null on the last page. */
public record Page(List<Item> items, PageKey next) {}
