package dev.undo.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 spoken byte by byte over a socket, for requests no HTTP client would send: one request
 * written as given, one response read, and whether the server then closed the connection.
 */
public final class RawHttp {
  private RawHttp() {}

  /** The answer to {@code request}; the server is given {@code closeWithinMillis} to close the connection after it. */
  public static Response exchange(int port, byte[] request, long closeWithinMillis) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      String[] lines = head.split("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
      byte[] body = in.readNBytes(length);
      socket.setSoTimeout((int) closeWithinMillis);
      boolean closed;
      try {
        closed = in.read() == -1;
      } catch (SocketTimeoutException open) {
        closed = false;
      } catch (IOException reset) {
        closed = true;
      }
      return new Response(lines[0], headers, new String(body, StandardCharsets.UTF_8), closed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Response exchange(int port, String request) {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), 1000);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("the connection closed before a whole response head: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1).trim();
  }

  /** One response: its status line, headers, body and whether the connection was closed after it. */
  public record Response(String statusLine, Map<String, String> headers, String body, boolean closed) {
    public int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    public String header(String name) {
      return headers.get(name);
    }

    public JsonObject json() {
      return new JsonObject(body);
    }

    public boolean isProblem() {
      String type = headers.get("Content-Type");
      return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")
          && json().getInteger("status") == status();
    }

    @Override
    public String toString() {
      return statusLine + " " + headers + " " + body + (closed ? " (closed)" : " (open)");
    }
  }
}
