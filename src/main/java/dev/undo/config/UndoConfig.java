package dev.undo.config;

import java.util.Base64;

/**
 * The undo tickets ({@code undo.*}).
 *
 * @param cacheMaxTickets Caffeine's bound
 * @param tokenKey the key that signs undo tokens, or null to keep a generated one in PostgreSQL
 * @param maxDeletionItems the most items one deletion (a batch and its cascade) may cover
 */
public record UndoConfig(long cacheMaxTickets, byte[] tokenKey, int maxDeletionItems) {
  static UndoConfig from(ConfigSource source) {
    String tokenKey = source.string("UNDO_TOKEN_KEY", "undo.tokenKey", null);
    return new UndoConfig(
        source.positiveLong("UNDO_CACHE_MAX_TICKETS", "undo.cacheMaxTickets", 1_000_000),
        tokenKey == null ? null : decodeKey(tokenKey),
        source.integer("UNDO_MAX_DELETION_ITEMS", "undo.maxDeletionItems", 10_000, 1, 1_000_000));
  }

  private static byte[] decodeKey(String base64) {
    try {
      byte[] key = Base64.getDecoder().decode(base64.trim());
      if (key.length < 32) {
        throw new ConfigException("UNDO_TOKEN_KEY must be at least 32 bytes, base64-encoded");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("UNDO_TOKEN_KEY is not base64");
    }
  }
}
