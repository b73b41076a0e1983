package dev.undo.undo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Undo tokens are signed deletion ids: base64url(deletion id || first 128 bits of
 * HMAC-SHA256(key, tenant, deletion id)), 43 characters.
 *
 * <p>Why signed rather than random and stored as a hash: any replica can compute the token of a
 * deletion again, so a repeated DELETE answers with the same undo link even when the cache lost the
 * ticket; and a forged or foreign-tenant token is refused without touching the database.
 */
public final class UndoTokens {
  private static final int MAC_BYTES = 16;
  private static final int TOKEN_BYTES = 16 + MAC_BYTES;
  private static final int TOKEN_CHARS = 43;
  private static final byte[] DOMAIN = "undo-token:v1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public UndoTokens(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the undo token key needs at least 256 bits");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  public String issue(String tenant, UUID deletionId) {
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
    putUuid(token, deletionId);
    token.put(mac(tenant, deletionId), 0, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
  }

  /** The deletion a token names, or null when it is malformed, forged or another tenant's. */
  public UUID open(String tenant, String token) {
    if (token == null || token.length() != TOKEN_CHARS) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException notBase64Url) {
      return null;
    }
    // 43 characters carry 258 bits for 256; the decoder ignores the last two, so other spellings of
    // a token would decode alike. Only the one this service issues is accepted.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    UUID deletionId = new UUID(buffer.getLong(), buffer.getLong());
    byte[] expected = mac(tenant, deletionId);
    byte[] given = new byte[MAC_BYTES];
    buffer.get(given);
    byte[] expectedPrefix = new byte[MAC_BYTES];
    System.arraycopy(expected, 0, expectedPrefix, 0, MAC_BYTES);
    return MessageDigest.isEqual(expectedPrefix, given) ? deletionId : null;
  }

  private byte[] mac(String tenant, UUID deletionId) {
    Mac mac = macs.get();
    mac.update(DOMAIN);
    byte[] tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(tenantBytes.length).array());
    mac.update(tenantBytes);
    ByteBuffer id = ByteBuffer.allocate(16);
    putUuid(id, deletionId);
    return mac.doFinal(id.array());
  }

  private static void putUuid(ByteBuffer buffer, UUID id) {
    buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
