package dev.undo.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.auth.DevelopmentToken;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page with UNDO_AUTH=jwt, as a newcomer tries it: the development token of UNDO_JWT_SECRET,
 * pasted into the page or given in its address (#token=…), and the collections of the configuration
 * file declared for the token's tenant. Delete, the toast's undo and the change feed in a second tab
 * all carry the token.
 */
class AuthenticatedDemoBrowserTest {
  private static final String SECRET = "a development secret of 32 bytes!";

  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject()
      .put("UNDO_AUTH", "jwt").put("UNDO_JWT_SECRET", SECRET)
      .put("collections", new JsonArray()
          .add(new JsonObject().put("name", "notes").put("tenant", DevelopmentToken.TENANT).put("undoWindow", "PT30S"))
          .add(new JsonObject().put("name", "comments").put("tenant", DevelopmentToken.TENANT))));

  private static WebDriver driver;

  @BeforeAll
  static void browser() throws Exception {
    driver = HeadlessChromium.start();
  }

  @AfterAll
  static void quit() {
    if (driver != null) {
      driver.quit();
    }
  }

  private static String token() {
    return DevelopmentToken.sign(service.vertx(), service.application().config().auth());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }

  private static boolean shows(String title) {
    return (Boolean) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('#notes li')].some(li => li.firstChild && li.firstChild.textContent === arguments[0]);",
        title);
  }

  private static void click(String title, String button) {
    ((JavascriptExecutor) driver).executeScript("const row = [...document.querySelectorAll('#notes li')]"
        + ".find(li => li.firstChild && li.firstChild.textContent === arguments[0]);"
        + "[...row.querySelectorAll('button')].find(b => b.textContent === arguments[1]).click();", title, button);
  }

  @Test
  void aPastedTokenSignsInAndTheToastAndTheFeedCarryIt() {
    driver.get("http://127.0.0.1:" + service.port() + "/");
    waitFor(() -> driver.findElement(By.id("sign-in")).isDisplayed());
    driver.findElement(By.id("token")).sendKeys(token(), Keys.ENTER);
    waitFor(() -> !driver.findElement(By.id("sign-in")).isDisplayed());
    driver.findElement(By.id("title")).sendKeys("Signed in", Keys.ENTER);
    waitFor(() -> shows("Signed in"));
    assertThat(service.sql("SELECT tenant_id, created_by FROM items WHERE data->>'title' = 'Signed in'"))
        .containsExactly(java.util.Map.of("tenant_id", "dev", "created_by", "developer"));

    String first = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    try {
      driver.get("http://127.0.0.1:" + service.port() + "/#token=" + token());
      waitFor(() -> shows("Signed in"));
      assertThat(driver.getCurrentUrl()).doesNotContain("token");
      String second = driver.getWindowHandle();

      driver.switchTo().window(first);
      click("Signed in", "Delete");
      waitFor(() -> !driver.findElement(By.cssSelector("undo-toast")).getShadowRoot().findElements(By.cssSelector(".toast")).isEmpty());
      driver.switchTo().window(second);
      waitFor(() -> !shows("Signed in"));

      driver.switchTo().window(first);
      driver.findElement(By.cssSelector("undo-toast")).getShadowRoot().findElement(By.cssSelector(".toast button")).click();
      waitFor(() -> shows("Signed in"));
      driver.switchTo().window(second);
      waitFor(() -> shows("Signed in"));
      driver.close();
    } finally {
      driver.switchTo().window(first);
    }
  }
}
