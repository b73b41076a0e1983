package dev.undo.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.undo.domain.Item;
import dev.undo.domain.ItemVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Items as the API shows them, streamed straight to bytes. Building a JsonObject per item (a map
 * of ten entries and one for the undo offer) and then encoding it was the larger part of a GET's
 * own work and most of a page's; here only the item's data goes through Vert.x's encoder.
 */
final class ItemJson {
  /**
   * Characters outside the BMP as UTF-8, like Vert.x's own encoder, rather than escaped surrogate
   * pairs. Jackson refuses to write deeper than 1,000 levels by default, and before the limit on
   * request bodies items of up to 1,000 levels were stored: with the envelope around them they
   * must still be written, or they could never be read back.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(2_000).build())
      .build();

  private ItemJson() {}

  /** {@code {"id":…,"collection":…,…}}. */
  static Buffer item(Item item) {
    return write(512, generator -> writeItem(generator, item));
  }

  /** {@code {"items":[…],"next":…}}: a page of a list. */
  static Buffer page(List<Item> items, String next) {
    return write(256 + 384 * items.size(), generator -> {
      generator.writeStartObject();
      generator.writeArrayFieldStart("items");
      for (Item item : items) {
        writeItem(generator, item);
      }
      generator.writeEndArray();
      generator.writeStringField("next", next);
      generator.writeEndObject();
    });
  }

  /** {@code {"deletion":{…},"items":[…]}}: an undone deletion of many items and its items. */
  static Buffer deletionWithItems(io.vertx.core.json.JsonObject deletion, List<Item> items) {
    return write(512 + 384 * items.size(), generator -> {
      generator.writeStartObject();
      generator.writeFieldName("deletion");
      JacksonCodec.encodeJson(deletion, generator);
      generator.writeArrayFieldStart("items");
      for (Item item : items) {
        writeItem(generator, item);
      }
      generator.writeEndArray();
      generator.writeEndObject();
    });
  }

  /** {@code {"versions":[…]}}, newest first as the store answers them. */
  static Buffer versions(List<ItemVersion> versions) {
    return write(256 + 256 * versions.size(), generator -> {
      generator.writeStartObject();
      generator.writeArrayFieldStart("versions");
      for (ItemVersion version : versions) {
        generator.writeStartObject();
        generator.writeNumberField("version", version.version());
        generator.writeStringField("state", version.state().wireName());
        writeTime(generator, "validFrom", version.validFrom());
        writeTime(generator, "validTo", version.validTo());
        writeData(generator, version.data());
        generator.writeEndObject();
      }
      generator.writeEndArray();
      generator.writeEndObject();
    });
  }

  private interface Writing {
    void write(JsonGenerator generator) throws IOException;
  }

  private static Buffer write(int sizeHint, Writing writing) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
      writing.write(generator);
    } catch (IOException e) {
      throw new EncodeException("an item could not be written as JSON: " + e.getMessage());
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  private static void writeItem(JsonGenerator generator, Item item) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("id", item.id().toString());
    generator.writeStringField("collection", item.collection());
    generator.writeNumberField("version", item.version());
    generator.writeStringField("state", item.state().wireName());
    writeData(generator, item.data());
    writeTime(generator, "createdAt", item.createdAt());
    writeTime(generator, "updatedAt", item.updatedAt());
    writeTime(generator, "deletedAt", item.deletedAt());
    generator.writeFieldName("undo");
    if (item.undo() == null) {
      generator.writeNull();
    } else {
      // Only tombstones carry an offer; its shape is the one problem+json bodies show too.
      JacksonCodec.encodeJson(Representations.undo(item.undo()), generator);
    }
    writeTime(generator, "purgeAt", item.purgeAt());
    generator.writeStringField("deletionId", item.deletionId() == null ? null : item.deletionId().toString());
    if (item.restorable() != null) {
      generator.writeBooleanField("restorable", item.restorable());
    }
    generator.writeEndObject();
  }

  private static void writeData(JsonGenerator generator, io.vertx.core.json.JsonObject data) throws IOException {
    generator.writeFieldName("data");
    if (data == null) {
      generator.writeNull();
    } else {
      JacksonCodec.encodeJson(data, generator);
    }
  }

  private static void writeTime(JsonGenerator generator, String name, Instant instant) throws IOException {
    generator.writeStringField(name, HttpDates.rfc3339(instant));
  }
}
