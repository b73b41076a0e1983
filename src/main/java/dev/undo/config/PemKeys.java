package dev.undo.config;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** What a PEM public key signs with: RS256 for an RSA key, ES256 for an EC key (what API.md names). */
public final class PemKeys {
  private PemKeys() {}

  public static String algorithm(String pem) {
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("UNDO_JWT_PUBLIC_KEY is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }
    for (String[] kind : new String[][] {{"RSA", "RS256"}, {"EC", "ES256"}}) {
      try {
        KeyFactory.getInstance(kind[0]).generatePublic(new X509EncodedKeySpec(der));
        return kind[1];
      } catch (GeneralSecurityException notThisKind) {
        // try the next
      }
    }
    throw new ConfigException("UNDO_JWT_PUBLIC_KEY is neither an RSA nor an EC public key in PEM");
  }
}
