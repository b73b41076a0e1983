package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * References (soft foreign keys) over HTTP on PostgreSQL (API.md, "References (soft foreign keys) and
 * cascade"): declared on collections, checked on create, PUT and PATCH, cascade / restrict / detach on
 * delete to any depth, and undo or restore of exactly the deletion's items.
 */
class ReferencesApiTest {
  private static final int MAX_DELETION_ITEMS = 20;

  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject()
      .put("UNDO_PURGE_INTERVAL", "PT1H").put("UNDO_MAX_DELETION_ITEMS", String.valueOf(MAX_DELETION_ITEMS)));

  private static final String NOTES = "/v1/collections/notes";
  private static final String COMMENTS = "/v1/collections/comments";
  private static final String TAGS = "/v1/collections/tags";
  private static final String LABELS = "/v1/collections/labels";
  private static final String AUTHORS = "/v1/collections/authors";
  private static final String BOOKS = "/v1/collections/books";
  private final Http http = service.http();

  @BeforeAll
  static void collections() {
    Http http = service.http();
    http.putJson(NOTES, new JsonObject().put("undoWindow", "PT10S"));
    // Comments refer to their note and, as replies, to another comment: a tree in one collection.
    http.putJson(COMMENTS, new JsonObject().put("undoWindow", "PT10S").put("references", new JsonArray()
        .add(reference("noteId", "notes", "cascade"))
        .add(reference("parentId", "comments", "cascade"))));
    http.putJson(TAGS, new JsonObject());
    http.putJson(LABELS, new JsonObject().put("references", new JsonArray().add(reference("tagId", "tags", "restrict"))));
    http.putJson(AUTHORS, new JsonObject());
    http.putJson(BOOKS, new JsonObject().put("references", new JsonArray().add(reference("authorId", "authors", "detach"))));
  }

  private static JsonObject reference(String field, String collection, String onDelete) {
    return new JsonObject().put("field", field).put("collection", collection).put("onDelete", onDelete);
  }

  private String create(String collection, JsonObject data) {
    Http.Response created = http.postJson(collection + "/items", data);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private String note() {
    return create(NOTES, new JsonObject().put("title", "a note"));
  }

  private String comment(String noteId, String parentId) {
    return create(COMMENTS, new JsonObject().put("noteId", noteId).put("parentId", parentId));
  }

  private String undoHref(Http.Response deleted) {
    String link = deleted.header("Link");
    return link.substring(1, link.indexOf('>'));
  }

  private String state(String collection, String id) {
    return http.get(collection + "/items/" + id + "?showDeleted=true").json().getString("state");
  }

  private JsonObject deletionOf(String collection, String id) {
    String deletionId = http.get(collection + "/items/" + id + "?showDeleted=true").json().getString("deletionId");
    return http.get("/v1/deletions/" + deletionId).json();
  }

  private static Map<String, String> covered(JsonObject deletion) {
    return deletion.getJsonArray("items").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(item -> item.getString("id"), item -> item.getString("collection")));
  }

  @Test
  void aCollectionShowsItsReferencesAndBadDeclarationsAre400() {
    JsonObject comments = http.get(COMMENTS).json();
    assertThat(comments.getJsonArray("references")).containsExactly(
        reference("noteId", "notes", "cascade"), reference("parentId", "comments", "cascade"));

    for (Object references : List.<Object>of(
        "notes",
        new JsonArray().add("noteId"),
        new JsonArray().add(reference("noteId", "notes", "nullify")),
        new JsonArray().add(reference("noteId", "Notes", "cascade")),
        new JsonArray().add(reference("", "notes", "cascade")),
        new JsonArray().add(reference("noteId", "notes", "cascade").put("extra", true)),
        new JsonArray().add(reference("noteId", "notes", "cascade")).add(reference("noteId", "tags", "detach")),
        new JsonArray().add(new JsonObject().put("field", "noteId").put("collection", "notes")))) {
      assertProblem(http.putJson("/v1/collections/badrefs", new JsonObject().put("references", references)), 400);
    }
    assertProblem(http.get("/v1/collections/badrefs"), 404);
  }

  @Test
  void createPutAndPatchNamingNoActiveItemAre422AndWriteNothing() {
    String note = note();
    String tag = create(TAGS, new JsonObject());
    String unknown = UUID.randomUUID().toString();
    JsonObject missing = assertProblem(http.postJson(COMMENTS + "/items", new JsonObject().put("noteId", unknown)), 422);
    assertThat(missing.getString("type")).isEqualTo("urn:undo:problem:reference-missing");
    assertThat(missing.getJsonArray("references")).containsExactly(new JsonObject().put("field", "noteId").put("value", unknown));
    // An item of another collection, a value that is no id, and a deleted note name no active note.
    assertProblem(http.postJson(COMMENTS + "/items", new JsonObject().put("noteId", tag)), 422);
    assertProblem(http.postJson(COMMENTS + "/items", new JsonObject().put("noteId", 42)), 422);
    String deletedNote = note();
    assertThat(http.delete(NOTES + "/items/" + deletedNote).status()).isEqualTo(204);
    assertProblem(http.postJson(COMMENTS + "/items", new JsonObject().put("noteId", deletedNote)), 422);
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE data ->> 'noteId' IN (?, ?)", unknown, deletedNote))
        .isEqualTo(0L);

    // Null or absent is no reference.
    create(COMMENTS, new JsonObject().put("noteId", null));
    String comment = create(COMMENTS, new JsonObject().put("text", "free"));
    JsonObject put = assertProblem(http.request("PUT", COMMENTS + "/items/" + comment)
        .json(new JsonObject().put("noteId", unknown)).send(), 422);
    assertThat(put.getJsonArray("references")).hasSize(1);
    assertProblem(http.request("PATCH", COMMENTS + "/items/" + comment)
        .body("application/merge-patch+json", new JsonObject().put("parentId", unknown).encode()).send(), 422);
    assertThat(http.get(COMMENTS + "/items/" + comment).json().getInteger("version")).isEqualTo(1);

    Http.Response patched = http.request("PATCH", COMMENTS + "/items/" + comment)
        .body("application/merge-patch+json", new JsonObject().put("noteId", note).encode()).send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    // The reference the patch made is followed by a cascade.
    assertThat(http.delete(NOTES + "/items/" + note).status()).isEqualTo(204);
    assertThat(state(COMMENTS, comment)).isEqualTo("deleted");
  }

  @Test
  void aDeleteCascadesToAnyDepthAndItsUndoRestoresExactlyThoseItems() {
    String note = note();
    String first = comment(note, null);
    String second = comment(note, null);
    String reply = comment(note, first);
    String replyToReply = create(COMMENTS, new JsonObject().put("parentId", reply));
    String deletedBefore = comment(note, null);
    String otherNote = note();
    String unrelated = comment(otherNote, null);
    Http.Response own = http.delete(COMMENTS + "/items/" + deletedBefore);
    assertThat(own.status()).isEqualTo(204);

    Http.Response deleted = http.delete(NOTES + "/items/" + note);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertThat(deleted.header("Link")).contains("rel=\"undo\"");
    JsonObject deletion = deletionOf(NOTES, note);
    assertThat(deletion.getInteger("count")).isEqualTo(5);
    assertThat(covered(deletion)).isEqualTo(Map.of(note, "notes", first, "comments", second, "comments",
        reply, "comments", replyToReply, "comments"));
    for (String id : List.of(first, second, reply, replyToReply)) {
      JsonObject tombstone = http.get(COMMENTS + "/items/" + id + "?showDeleted=true").json();
      assertThat(tombstone.getString("deletionId")).isEqualTo(deletion.getString("id"));
    }
    assertThat(state(COMMENTS, unrelated)).isEqualTo("active");
    assertThat(state(COMMENTS, deletedBefore)).isEqualTo("deleted");
    // Deleting a cascaded comment again is a repeat of the same deletion.
    assertThat(http.delete(COMMENTS + "/items/" + reply).header("Link")).isEqualTo(deleted.header("Link"));

    Http.Response undone = http.post(undoHref(deleted));
    assertThat(undone.status()).as(undone.toString()).isEqualTo(201);
    assertThat(undone.header("Location")).isEqualTo("/v1/deletions/" + deletion.getString("id"));
    assertThat(undone.json().getJsonArray("items")).hasSize(5);
    for (String id : List.of(first, second, reply, replyToReply)) {
      assertThat(state(COMMENTS, id)).isEqualTo("active");
    }
    assertThat(state(NOTES, note)).isEqualTo("active");
    assertThat(state(COMMENTS, deletedBefore)).as("deleted earlier by its own deletion").isEqualTo("deleted");
    assertThat(http.get("/v1/deletions/" + deletion.getString("id")).json().getString("state")).isEqualTo("undone");

    // Undone, the items refer again: a second delete of the note cascades as the first did.
    Http.Response again = http.delete(NOTES + "/items/" + note);
    assertThat(deletionOf(NOTES, note).getInteger("count")).isEqualTo(5);
    assertThat(http.post(undoHref(again)).status()).isEqualTo(201);
  }

  @Test
  void aCycleOfReferencesEndsWhereItMeetsAnItemAlreadyCovered() {
    String a = create(COMMENTS, new JsonObject());
    String b = create(COMMENTS, new JsonObject().put("parentId", a));
    Http.Response closed = http.request("PATCH", COMMENTS + "/items/" + a)
        .body("application/merge-patch+json", new JsonObject().put("parentId", b).encode()).send();
    assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
    String self = create(COMMENTS, new JsonObject());
    assertThat(http.request("PATCH", COMMENTS + "/items/" + self)
        .body("application/merge-patch+json", new JsonObject().put("parentId", self).encode()).send().status()).isEqualTo(200);

    Http.Response deleted = http.delete(COMMENTS + "/items/" + a);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(covered(deletionOf(COMMENTS, a)).keySet()).containsExactlyInAnyOrder(a, b);
    assertThat(http.post(undoHref(deleted)).status()).isEqualTo(201);
    assertThat(http.delete(COMMENTS + "/items/" + self).status()).isEqualTo(204);
    assertThat(deletionOf(COMMENTS, self).getInteger("count")).isEqualTo(1);
  }

  @Test
  void restrictRefusesWith409NamingTheReferrersAndDetachLeavesThem() {
    String tag = create(TAGS, new JsonObject());
    String label = create(LABELS, new JsonObject().put("tagId", tag));
    JsonObject refused = assertProblem(http.delete(TAGS + "/items/" + tag), 409);
    assertThat(refused.getString("type")).isEqualTo("urn:undo:problem:deletion-restricted");
    assertThat(refused.getJsonArray("blockedBy")).containsExactly(
        new JsonObject().put("collection", "labels").put("id", label).put("field", "tagId"));
    assertProblem(http.postJson(TAGS + "/deletions", new JsonObject().put("ids", new JsonArray().add(tag))), 409);
    assertThat(state(TAGS, tag)).isEqualTo("active");

    // A referrer deleted is no longer in the way; its undo then finds its tag deleted.
    Http.Response labelDeleted = http.delete(LABELS + "/items/" + label);
    assertThat(http.delete(TAGS + "/items/" + tag).status()).isEqualTo(204);
    JsonObject blocked = assertProblem(http.post(undoHref(labelDeleted)), 409);
    assertThat(blocked.getString("type")).isEqualTo("urn:undo:problem:reference-deleted");

    String author = create(AUTHORS, new JsonObject());
    String book = create(BOOKS, new JsonObject().put("authorId", author));
    assertThat(http.delete(AUTHORS + "/items/" + author).status()).isEqualTo(204);
    assertThat(state(BOOKS, book)).isEqualTo("active");
    assertThat(deletionOf(AUTHORS, author).getInteger("count")).isEqualTo(1);
  }

  @Test
  void anUndoOrRestoreOfAnItemWhoseNoteIsDeletedElsewhereIs409AndRestoresNothing() throws Exception {
    String note = note();
    String alone = comment(note, null);
    String withNote = comment(note, null);
    Http.Response aloneDeleted = http.delete(COMMENTS + "/items/" + alone);
    Http.Response noteDeleted = http.delete(NOTES + "/items/" + note);
    assertThat(covered(deletionOf(NOTES, note)).keySet()).containsExactlyInAnyOrder(note, withNote);

    JsonObject blocked = assertProblem(http.post(undoHref(aloneDeleted)), 409);
    assertThat(blocked.getString("type")).isEqualTo("urn:undo:problem:reference-deleted");
    assertThat(blocked.getJsonArray("references")).containsExactly(new JsonObject()
        .put("collection", "comments").put("id", alone).put("field", "noteId").put("value", note));
    assertThat(state(COMMENTS, alone)).isEqualTo("deleted");
    String aloneDeletion = deletionOf(COMMENTS, alone).getString("id");
    JsonObject notRestored = assertProblem(http.post("/v1/deletions/" + aloneDeletion + "/restore"), 409);
    assertThat(notRestored.getString("type")).isEqualTo("urn:undo:problem:reference-deleted");
    assertThat(notRestored.getJsonArray("references")).isEqualTo(blocked.getJsonArray("references"));

    // Once the note is back, so can the comment be; its ticket was kept for the retry.
    assertThat(http.post(undoHref(noteDeleted)).status()).isEqualTo(201);
    assertThat(state(COMMENTS, alone)).as("deleted by a deletion of its own").isEqualTo("deleted");
    assertThat(http.post(undoHref(aloneDeleted)).status()).isEqualTo(201);
    assertThat(state(COMMENTS, alone)).isEqualTo("active");
  }

  @Test
  void aCascadeIsRestoredFromTheTrashAfterTheBackgroundMoveAcrossCollections() throws Exception {
    String note = note();
    String first = comment(note, null);
    String reply = comment(note, first);
    Http.Response deleted = http.delete(NOTES + "/items/" + note);
    String deletionId = deletionOf(NOTES, note).getString("id");
    service.clock().advance(Duration.ofSeconds(11).plus(Duration.ofMinutes(1)));
    service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(service.sqlValue("SELECT count(*) FROM deletions WHERE id = ?::uuid", deletionId)).isEqualTo(0L);

    JsonObject closed = http.get("/v1/deletions/" + deletionId).json();
    assertThat(closed.getString("state")).isEqualTo("closed");
    assertThat(covered(closed)).isEqualTo(Map.of(note, "notes", first, "comments", reply, "comments"));
    assertProblem(http.post(undoHref(deleted)), 410);

    Http.Response restored = http.post("/v1/deletions/" + deletionId + "/restore");
    assertThat(restored.status()).as(restored.toString()).isEqualTo(201);
    assertThat(restored.json().getJsonArray("items")).hasSize(3);
    assertThat(state(COMMENTS, reply)).isEqualTo("active");
    // Restored, the comments refer again.
    assertThat(http.delete(NOTES + "/items/" + note).status()).isEqualTo(204);
    assertThat(deletionOf(NOTES, note).getInteger("count")).isEqualTo(3);
  }

  @Test
  void aBatchCascadesAndADeletionOverTheBoundIs413DeletingNothing() {
    String note = note();
    String otherNote = note();
    String comment = comment(note, null);
    Http.Response batch = http.postJson(NOTES + "/deletions", new JsonObject().put("ids", new JsonArray().add(note).add(otherNote)));
    assertThat(batch.status()).as(batch.toString()).isEqualTo(201);
    assertThat(covered(batch.json()).keySet()).containsExactlyInAnyOrder(note, otherNote, comment);
    assertThat(http.post("/v1/deletions/" + batch.json().getString("id") + "/undo").status()).isEqualTo(201);

    String big = note();
    IntStream.range(0, MAX_DELETION_ITEMS).forEach(i -> comment(big, null));
    JsonObject tooLarge = assertProblem(http.delete(NOTES + "/items/" + big), 413);
    assertThat(tooLarge.getString("type")).isEqualTo("urn:undo:problem:deletion-too-large");
    assertThat(tooLarge.getInteger("limit")).isEqualTo(MAX_DELETION_ITEMS);
    assertProblem(http.postJson(NOTES + "/deletions", new JsonObject().put("ids", new JsonArray().add(big))), 413);
    assertThat(state(NOTES, big)).isEqualTo("active");
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE collection = 'comments' AND state = 'active'"
        + " AND data ->> 'noteId' = ?", big)).isEqualTo((long) MAX_DELETION_ITEMS);
  }

  @Test
  void declaringAReferenceLaterMakesTheExistingItemsReferAndRemovingItStopsTheCascade() {
    String project = "/v1/collections/projects";
    String tasks = "/v1/collections/tasks";
    http.putJson(project, new JsonObject());
    http.putJson(tasks, new JsonObject());
    String before = create(project, new JsonObject());
    String task = create(tasks, new JsonObject().put("projectId", before).put("note", "made before the reference"));
    String dangling = create(tasks, new JsonObject().put("projectId", UUID.randomUUID().toString()));

    Http.Response declared = http.putJson(tasks, new JsonObject()
        .put("references", new JsonArray().add(reference("projectId", "projects", "cascade"))));
    assertThat(declared.status()).isEqualTo(200);
    assertThat(http.get(tasks + "/items/" + dangling).json().getInteger("version")).as("not rewritten").isEqualTo(1);
    assertThat(http.delete(project + "/items/" + before).status()).isEqualTo(204);
    assertThat(state(tasks, task)).isEqualTo("deleted");

    String later = create(project, new JsonObject());
    String laterTask = create(tasks, new JsonObject().put("projectId", later));
    http.putJson(tasks, new JsonObject());
    assertThat(http.delete(project + "/items/" + later).status()).isEqualTo(204);
    assertThat(state(tasks, laterTask)).isEqualTo("active");
  }

  @Test
  void concurrentUndosOfACascadeRestoreOnce() {
    String note = note();
    List<String> comments = IntStream.range(0, 3).mapToObj(i -> comment(note, null)).toList();
    Http.Response deleted = http.delete(NOTES + "/items/" + note);
    String href = undoHref(deleted);
    List<CompletableFuture<Http.Response>> racing = IntStream.range(0, 4)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.post(href))).toList();
    List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
    assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
    assertThat(statuses).allMatch(status -> status == 201 || status == 200 || status == 409);
    comments.forEach(id -> assertThat(http.get(COMMENTS + "/items/" + id).json().getInteger("version")).isEqualTo(3));
  }

  /**
   * A comment made while its note is being deleted either lands before the cascade looks, and is
   * deleted with the note, or after, and is refused: never an active comment of a deleted note.
   */
  @Test
  void aCommentMadeDuringItsNotesDeletionIsNeverLeftReferringToADeletedNote() {
    int made = 0;
    for (int round = 0; round < 30; round++) {
      String note = note();
      comment(note, null);
      CompletableFuture<Http.Response> commenting = CompletableFuture.supplyAsync(
          () -> http.postJson(COMMENTS + "/items", new JsonObject().put("noteId", note)));
      CompletableFuture<Http.Response> deleting = CompletableFuture.supplyAsync(() -> http.delete(NOTES + "/items/" + note));
      Http.Response comment = commenting.join();
      assertThat(deleting.join().status()).isEqualTo(204);
      assertThat(comment.status()).as(comment.toString()).isIn(201, 422);
      if (comment.status() == 201) {
        made++;
        String deletionId = deletionOf(NOTES, note).getString("id");
        assertThat(http.get(COMMENTS + "/items/" + comment.json().getString("id") + "?showDeleted=true").json()
            .getString("deletionId")).isEqualTo(deletionId);
      }
    }
    assertThat(service.sqlValue("SELECT count(*) FROM items c JOIN items n ON n.tenant_id = c.tenant_id"
        + " AND n.id::text = c.data ->> 'noteId' WHERE c.collection = 'comments' AND c.state = 'active'"
        + " AND n.state = 'deleted'")).isEqualTo(0L);
    System.out.println("comments made during their note's deletion, and deleted with it: " + made + " of 30");
  }
}
