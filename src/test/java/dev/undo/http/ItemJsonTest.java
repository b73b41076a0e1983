package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.domain.Item;
import dev.undo.domain.ItemState;
import dev.undo.domain.UndoOffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The streamed item JSON is byte for byte what encoding the equivalent JsonObject gives. */
class ItemJsonTest {
  /** The representation as a JsonObject: the plain way, kept here as the reference. */
  private static JsonObject reference(Item item) {
    JsonObject json = new JsonObject()
        .put("id", item.id().toString())
        .put("collection", item.collection())
        .put("version", item.version())
        .put("state", item.state().wireName())
        .put("data", item.data())
        .put("createdAt", HttpDates.rfc3339(item.createdAt()))
        .put("updatedAt", HttpDates.rfc3339(item.updatedAt()))
        .put("deletedAt", HttpDates.rfc3339(item.deletedAt()))
        .put("undo", item.undo() == null ? null : new JsonObject()
            .put("href", "/v1/undo/" + item.undo().token())
            .put("expiresAt", HttpDates.rfc3339(item.undo().expiresAt())))
        .put("purgeAt", HttpDates.rfc3339(item.purgeAt()))
        .put("deletionId", item.deletionId() == null ? null : item.deletionId().toString());
    if (item.restorable() != null) {
      json.put("restorable", item.restorable());
    }
    return json;
  }

  @Test
  void anActiveItem() {
    Item item = new Item(UUID.fromString("0192f0a0-0000-7000-8000-000000000001"), "notes", 3, ItemState.ACTIVE,
        new JsonObject().put("title", "Buy milk \"2%\" ☕").put("n", 1), Instant.parse("2026-11-22T10:00:00Z"),
        Instant.parse("2026-11-22T10:00:01.5Z"), null, null, null, null, null);
    assertThat(ItemJson.item(item).toString()).isEqualTo("{\"id\":\"0192f0a0-0000-7000-8000-000000000001\","
        + "\"collection\":\"notes\",\"version\":3,\"state\":\"active\",\"data\":{\"title\":\"Buy milk \\\"2%\\\" ☕\",\"n\":1},"
        + "\"createdAt\":\"2026-11-22T10:00:00.000Z\",\"updatedAt\":\"2026-11-22T10:00:01.500Z\",\"deletedAt\":null,"
        + "\"undo\":null,\"purgeAt\":null,\"deletionId\":null}");
  }

  @Test
  void randomItemsAndPagesMatchTheReference() {
    long seed = System.nanoTime();
    System.out.println("ItemJsonTest seed " + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      List<Item> items = new ArrayList<>();
      JsonArray expected = new JsonArray();
      for (int i = random.nextInt(4); i >= 0; i--) {
        Item item = randomItem(random);
        items.add(item);
        expected.add(reference(item));
        assertThat(ItemJson.item(item).toString()).as("seed %d", seed).isEqualTo(reference(item).encode());
      }
      String next = random.nextBoolean() ? null : "cursor-" + random.nextInt(100);
      assertThat(ItemJson.page(items, next).toString()).as("seed %d", seed)
          .isEqualTo(new JsonObject().put("items", expected).put("next", next).encode());
    }
  }

  private static Item randomItem(Random random) {
    boolean deleted = random.nextBoolean();
    Instant created = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000));
    Instant updated = created.plusMillis(random.nextInt(100_000));
    UndoOffer undo = deleted && random.nextBoolean() ? new UndoOffer("tok" + random.nextInt(1000), updated.plusSeconds(30)) : null;
    return new Item(new UUID(random.nextLong(), random.nextLong()), "c" + random.nextInt(10), 1 + random.nextInt(50),
        deleted ? ItemState.DELETED : ItemState.ACTIVE, randomObject(random, 0), created, updated,
        deleted ? updated : null, undo, deleted ? updated.plusSeconds(86_400) : null,
        deleted ? new UUID(random.nextLong(), random.nextLong()) : null,
        deleted && undo == null ? Boolean.valueOf(random.nextBoolean()) : null);
  }

  private static JsonObject randomObject(Random random, int depth) {
    JsonObject object = new JsonObject();
    for (int i = random.nextInt(5); i > 0; i--) {
      object.put("k" + random.nextInt(20) + "\u00e9\t\"", randomValue(random, depth + 1));
    }
    return object;
  }

  private static Object randomValue(Random random, int depth) {
    switch (random.nextInt(depth > 2 ? 6 : 8)) {
      case 0: return null;
      case 1: return random.nextBoolean();
      case 2: return random.nextInt();
      case 3: return random.nextLong();
      case 4: return random.nextDouble() * 1e6;
      case 5: return "s\u0000\u2028\ud83d\ude00" + random.nextInt();
      case 6: return randomObject(random, depth);
      default:
        JsonArray array = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomValue(random, depth + 1));
        }
        return array;
    }
  }
}
