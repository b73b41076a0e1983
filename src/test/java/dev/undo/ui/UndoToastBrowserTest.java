package dev.undo.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page and the {@code <undo-toast>} component in headless Chromium (Debian's, through
 * Debian's chromedriver), against the running service. Where Chromium is not installed these tests
 * are skipped, not passed. The service runs on the real clock here: the browser counts real time.
 */
class UndoToastBrowserTest {
  @RegisterExtension
  static final RunningService service = RunningService.onSystemClock();

  private static WebDriver driver;

  @BeforeAll
  static void browser() throws Exception {
    driver = HeadlessChromium.start();
    service.http().putJson("/v1/collections/notes", new JsonObject().put("undoWindow", "PT4S"));
    service.http().putJson("/v1/collections/comments", new JsonObject().put("undoWindow", "PT4S").put("references",
        new JsonArray().add(new JsonObject().put("field", "note").put("collection", "notes").put("onDelete", "cascade"))));
    service.http().putJson("/v1/collections/people",
        new JsonObject().put("uniqueFields", new JsonArray().add("email")).put("undoWindow", "PT30S"));
  }

  @AfterAll
  static void quit() {
    if (driver != null) {
      driver.quit();
    }
  }

  @BeforeEach
  void openTheDemo() {
    driver.get("http://127.0.0.1:" + service.port() + "/");
    script("window.__events = [];"
        + "for (const type of ['undo-restored', 'undo-expired', 'undo-failed'])"
        + "  document.querySelector('undo-toast').addEventListener(type, e => window.__events.push({type, detail: e.detail}));");
    waitFor(() -> !driver.findElements(By.cssSelector("#notes li")).isEmpty());
  }

  private Object script(String code, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(code, args);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }

  private SearchContext toastRoot() {
    return driver.findElement(By.cssSelector("undo-toast")).getShadowRoot();
  }

  private List<WebElement> toasts() {
    return toastRoot().findElements(By.cssSelector(".toast"));
  }

  private void addNote(String title) {
    driver.findElement(By.id("title")).sendKeys(title, Keys.ENTER);
    waitFor(() -> rowOf(title) != null);
  }

  /** The list re-renders after every change, so rows are found (and clicked) in one step in the page. */
  private static final String ROW = "const row = [...document.querySelectorAll('#notes li')]"
      + ".find(li => li.firstChild && li.firstChild.textContent === arguments[0]);";

  private WebElement rowOf(String title) {
    return (WebElement) script(ROW + " return row || null;", title);
  }

  private String idOf(String title) {
    return (String) script(ROW + " return row ? row.dataset.id : null;", title);
  }

  private void click(String title, String button) {
    WebElement found = (WebElement) script(ROW
        + " return row ? [...row.querySelectorAll('button')].find(b => b.textContent === arguments[1]) || null : null;", title, button);
    assertThat(found).as("%s on %s", button, title).isNotNull();
    found.click();
  }

  private void deleteNote(String title) {
    click(title, "Delete");
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> events() {
    return (List<Map<String, Object>>) script("return window.__events;");
  }

  @Test
  void deleteShowsTheToastAndUndoRestoresTheNote() throws Exception {
    addNote("Buy milk");
    String id = idOf("Buy milk");
    deleteNote("Buy milk");
    waitFor(() -> toasts().size() == 1);

    WebElement toast = toasts().get(0);
    assertThat(toast.getText()).contains("Deleted · Buy milk").contains("Undo");
    assertThat(toast.findElement(By.cssSelector(".countdown")).getText()).matches("[1-5]s");
    WebElement region = toastRoot().findElement(By.cssSelector("[role=status]"));
    assertThat(region.getAttribute("aria-live")).isEqualTo("polite");
    waitFor(() -> rowOf("Buy milk") == null);
    assertThat(service.http().get("/v1/collections/notes/items/" + id).status()).isEqualTo(410);
    Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(Path.of("target", "screenshots", "undo-toast.png"),
        ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

    toast.findElement(By.cssSelector("button")).click();
    waitFor(() -> rowOf("Buy milk") != null);
    assertThat(toasts()).isEmpty();
    assertThat(service.http().get("/v1/collections/notes/items/" + id).json().getString("state")).isEqualTo("active");
    assertThat(events()).anySatisfy(event -> assertThat(event.get("type")).isEqualTo("undo-restored"));
  }

  @Test
  void theCountdownEndsWithTheWindowAndALateUndoShowsTheGoneMessage() {
    addNote("Expiring");
    long deletedAt = System.currentTimeMillis();
    deleteNote("Expiring");
    waitFor(() -> toasts().size() == 1);
    new WebDriverWait(driver, Duration.ofSeconds(8)).until(d -> toasts().isEmpty());
    long hiddenAfter = System.currentTimeMillis() - deletedAt;
    assertThat(hiddenAfter).as("the 4 s window ends on a whole second").isBetween(3_500L, 7_000L);
    Map<String, Object> expired = events().stream().filter(e -> e.get("type").equals("undo-expired")).findFirst().orElseThrow();
    String href = (String) ((Map<String, Object>) expired.get("detail")).get("href");

    // A page whose clock runs late still shows the toast; the service says 410, and the toast says so.
    script("document.querySelector('undo-toast').show({href: arguments[0], expiresAt: Date.now() + 20000, label: 'late'});", href);
    waitFor(() -> toasts().size() == 1);
    toasts().get(0).findElement(By.cssSelector("button")).click();
    waitFor(() -> toasts().size() == 1 && toasts().get(0).getText().contains("Too late"));
    assertThat(toasts().get(0).getAttribute("class")).contains("failed");
    assertThat(events()).anySatisfy(event -> {
      assertThat(event.get("type")).isEqualTo("undo-failed");
      assertThat(((Map<String, Object>) event.get("detail")).get("status")).isEqualTo(410L);
    });
  }

  @Test
  void anUndoWhoseValueWasTakenShowsTheConflict() {
    script("const done = arguments[arguments.length - 1];"
        + "(async () => {"
        + "  const items = '/v1/collections/people/items';"
        + "  const json = {method: 'POST', headers: {'Content-Type': 'application/json'}};"
        + "  const ann = await (await fetch(items, {...json, body: JSON.stringify({email: 'ann@example.com'})})).json();"
        + "  const deleted = await fetch(items + '/' + ann.id, {method: 'DELETE'});"
        + "  await document.querySelector('undo-toast').show(deleted, 'Ann');"
        + "  await fetch(items, {...json, body: JSON.stringify({email: 'ann@example.com'})});"
        + "})().then(done);");
    waitFor(() -> toasts().size() == 1);
    toasts().get(0).findElement(By.cssSelector("button")).click();
    waitFor(() -> toasts().size() == 1 && toasts().get(0).getText().contains("Cannot undo"));
    assertThat(toasts().get(0).getText()).contains("email \"ann@example.com\" is taken");
    assertThat(events()).anySatisfy(event -> assertThat(((Map<String, Object>) event.get("detail")).get("status")).isEqualTo(409L));
  }

  @Test
  void twoQuickDeletesStackAndCtrlZUndoesTheNewest() {
    addNote("First");
    addNote("Second");
    String first = idOf("First");
    String second = idOf("Second");
    deleteNote("First");
    waitFor(() -> toasts().size() == 1);
    deleteNote("Second");
    waitFor(() -> toasts().size() == 2);
    assertThat(toasts().get(0).getText()).contains("First");
    assertThat(toasts().get(1).getText()).contains("Second");

    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
    waitFor(() -> toasts().size() == 1);
    assertThat(toasts().get(0).getText()).contains("First");
    assertThat(service.http().get("/v1/collections/notes/items/" + second).status()).isEqualTo(200);
    assertThat(service.http().get("/v1/collections/notes/items/" + first).status()).isEqualTo(410);
    assertThat(toastRoot().findElement(By.cssSelector("button")).getAttribute("aria-label")).isEqualTo("Undo delete of First");
  }

  @Test
  void itWorksWithTheApiOnAnotherOrigin() {
    // The page from 127.0.0.1, the API at localhost: every call is cross-origin, and the toast can
    // only read Link and Undo-Expires because the service exposes them.
    driver.get("http://127.0.0.1:" + service.port() + "/?api=http://localhost:" + service.port());
    waitFor(() -> !driver.findElements(By.cssSelector("#notes li")).isEmpty());
    addNote("Cross-origin");
    String id = idOf("Cross-origin");
    deleteNote("Cross-origin");
    waitFor(() -> toasts().size() == 1);
    toasts().get(0).findElement(By.cssSelector("button")).click();
    waitFor(() -> rowOf("Cross-origin") != null);
    assertThat(service.http().get("/v1/collections/notes/items/" + id).json().getInteger("version")).isEqualTo(3);
  }

  @Test
  void editChangesTheNoteWithAMergePatch() {
    addNote("Draft");
    String id = idOf("Draft");
    click("Draft", "Edit");
    new WebDriverWait(driver, Duration.ofSeconds(5)).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    org.openqa.selenium.Alert prompt = driver.switchTo().alert();
    prompt.sendKeys("Final");
    prompt.accept();
    waitFor(() -> rowOf("Final") != null);
    JsonObject stored = service.http().get("/v1/collections/notes/items/" + id).json();
    assertThat(stored.getJsonObject("data").getString("title")).isEqualTo("Final");
    assertThat(stored.getInteger("version")).isEqualTo(2);
  }

  @Test
  void recentlyDeletedListsTombstonesAndRestoresThem() {
    addNote("Restore me");
    String id = idOf("Restore me");
    deleteNote("Restore me");
    waitFor(() -> rowOf("Restore me") == null);
    driver.findElement(By.id("show-deleted")).click();
    waitFor(() -> rowOf("Restore me") != null);
    click("Restore me", "Restore");
    waitFor(() -> rowOf("Restore me") == null);
    assertThat(service.http().get("/v1/collections/notes/items/" + id).status()).isEqualTo(200);
  }

  @Test
  void ctrlZInATextFieldUndoesTheTypingNotTheDeletion() throws Exception {
    addNote("Keep typing");
    String id = idOf("Keep typing");
    deleteNote("Keep typing");
    waitFor(() -> toasts().size() == 1);
    WebElement input = driver.findElement(By.id("title"));
    input.click();
    input.sendKeys("half a thought");
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
    Thread.sleep(500);
    assertThat(toasts()).hasSize(1);
    assertThat(service.http().get("/v1/collections/notes/items/" + id).status()).isEqualTo(410);

    // Outside the field, Ctrl+Z is the toast's again.
    driver.findElement(By.tagName("h1")).click();
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
    waitFor(() -> toasts().isEmpty());
    assertThat(service.http().get("/v1/collections/notes/items/" + id).status()).isEqualTo(200);
  }

  @Test
  void restoringFromRecentlyDeletedTakesTheToastAway() throws Exception {
    addNote("Back from the trash");
    deleteNote("Back from the trash");
    waitFor(() -> toasts().size() == 1);
    driver.findElement(By.id("show-deleted")).click();
    waitFor(() -> rowOf("Back from the trash") != null);
    click("Back from the trash", "Restore");
    waitFor(() -> toasts().isEmpty());
    Thread.sleep(500);
    assertThat(toasts()).isEmpty();
  }

  @Test
  void afterItsWindowTheTrashSaysSoAndRestoresTheNoteWithItsComments() {
    addNote("Too old to undo");
    String note = idOf("Too old to undo");
    List<String> comments = List.of(comment(note, "first"), comment(note, "second"));
    driver.navigate().refresh();
    waitFor(() -> rowOf("Too old to undo") != null && rowOf("Too old to undo").getText().contains("2 comments"));
    deleteNote("Too old to undo");
    waitFor(() -> toasts().size() == 1);
    new WebDriverWait(driver, Duration.ofSeconds(8)).until(d -> toasts().isEmpty());
    driver.findElement(By.id("show-deleted")).click();
    waitFor(() -> rowOf("Too old to undo") != null);
    assertThat(rowOf("Too old to undo").getText()).contains("Undo window closed").contains("purged");
    assertThat(service.http().post("/v1/collections/notes/items/" + note + "/undo").status()).as("undo stays 410").isEqualTo(410);

    click("Too old to undo", "Restore");
    waitFor(() -> rowOf("Too old to undo") == null);
    assertThat(service.http().get("/v1/collections/notes/items/" + note).status()).isEqualTo(200);
    for (String comment : comments) {
      assertThat(service.http().get("/v1/collections/comments/items/" + comment).status()).isEqualTo(200);
    }
    driver.findElement(By.id("show-active")).click();
    waitFor(() -> rowOf("Too old to undo") != null && rowOf("Too old to undo").getText().contains("2 comments"));
  }

  @Test
  void anotherTabSeesDeletesAndRestoresThroughTheChangeFeed() {
    addNote("Seen elsewhere");
    String first = driver.getWindowHandle();
    driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    try {
      driver.get("http://127.0.0.1:" + service.port() + "/");
      waitFor(() -> rowOf("Seen elsewhere") != null);
      String second = driver.getWindowHandle();

      driver.switchTo().window(first);
      deleteNote("Seen elsewhere");
      waitFor(() -> toasts().size() == 1);
      driver.switchTo().window(second);
      waitFor(() -> rowOf("Seen elsewhere") == null);

      driver.switchTo().window(first);
      toasts().get(0).findElement(By.cssSelector("button")).click();
      driver.switchTo().window(second);
      waitFor(() -> rowOf("Seen elsewhere") != null);
      driver.close();
    } finally {
      driver.switchTo().window(first);
    }
  }

  /** A comment on the note, made through the API; its id. */
  private static String comment(String note, String text) {
    return service.http().postJson("/v1/collections/comments/items", new JsonObject().put("note", note).put("text", text))
        .json().getString("id");
  }

  @Test
  void deletingANoteWithCommentsShowsOneToastAndUndoBringsBackExactlyThose() throws Exception {
    addNote("Trip plan");
    String note = idOf("Trip plan");
    List<String> comments = List.of(comment(note, "book trains"), comment(note, "pack"), comment(note, "maps"));
    String deletedBefore = comment(note, "an old idea");
    assertThat(service.http().delete("/v1/collections/comments/items/" + deletedBefore).status()).isEqualTo(204);
    driver.navigate().refresh();
    waitFor(() -> rowOf("Trip plan") != null && rowOf("Trip plan").getText().contains("3 comments"));
    assertThat(rowOf("Trip plan").getText()).contains("book trains", "pack", "maps").doesNotContain("an old idea");

    deleteNote("Trip plan");
    waitFor(() -> toasts().size() == 1);
    assertThat(toasts().get(0).getText()).contains("Deleted · note and 3 comments");
    Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(Path.of("target", "screenshots", "undo-toast-cascade.png"),
        ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    waitFor(() -> rowOf("Trip plan") == null);
    for (String comment : comments) {
      assertThat(service.http().get("/v1/collections/comments/items/" + comment).status()).isEqualTo(410);
    }

    toasts().get(0).findElement(By.cssSelector("button")).click();
    waitFor(() -> rowOf("Trip plan") != null && rowOf("Trip plan").getText().contains("3 comments"));
    assertThat(toasts()).isEmpty();
    for (String comment : comments) {
      assertThat(service.http().get("/v1/collections/comments/items/" + comment).json().getString("state")).isEqualTo("active");
    }
    assertThat(service.http().get("/v1/collections/comments/items/" + deletedBefore).status())
        .as("deleted before, on its own: it stays deleted").isEqualTo(410);
    assertThat(rowOf("Trip plan").getText()).doesNotContain("an old idea");
  }

  @Test
  void aLongLabelIsShownOnTwoLinesAndWholeOnHover() {
    String title = "A note whose title goes on " + "and on ".repeat(40) + "to the end";
    addNote(title);
    deleteNote(title);
    waitFor(() -> toasts().size() == 1);
    WebElement text = toasts().get(0).findElement(By.cssSelector(".text"));
    assertThat(text.getAttribute("title")).isEqualTo("Deleted · " + title);
    long lineHeight = Math.round(Double.parseDouble(text.getCssValue("line-height").replace("px", "")));
    assertThat(text.getSize().getHeight()).as("two lines at most").isBetween((int) lineHeight + 1, (int) (2 * lineHeight) + 2);
  }
}
