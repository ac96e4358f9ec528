package dev.grpcstarter.admin.browser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.adminexplorer.EchoGrpcService;
import dev.grpcstarter.admintest.AdminTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer's scripts in a real browser against a real gRPC server serving the tests'
 * echo service.
 */
@SpringBootTest(classes = { AdminTestApplication.class, EchoGrpcService.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.adminexplorer",
				"grpc.auth.enabled=false", "spring.datasource.url=jdbc:h2:mem:admin-browser;DB_CLOSE_DELAY=-1" })
class ExplorerBrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EchoGrpcService echo;

	private ChromeDriver browser;

	@BeforeEach
	void start() {
		this.browser = Browser.start();
		open("/grpc-admin/login");
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys("test-admin-password");
		clickAndWait(By.cssSelector("button[type=submit]"));
	}

	@AfterEach
	void stop() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void whenAnEnumValueIsClickedThenItGoesInTheRequestAtItsPath() {
		open("/grpc-admin/explorer?service=explorer.v1.EchoService&method=Echo");
		WebElement request = this.browser.findElement(By.id("request"));
		request.clear();
		request.sendKeys("{\"text\": \"hi\"}");
		this.browser.findElement(By.cssSelector(".enum-value[data-path='colour'][data-value='COLOUR_GREEN']")).click();
		this.browser.findElement(By.cssSelector(".enum-value[data-path='labels[].colour'][data-value='COLOUR_RED']"))
			.click();
		String json = request.getAttribute("value");
		assertThat(json).contains("\"text\": \"hi\"")
			.contains("\"colour\": \"COLOUR_GREEN\"")
			.contains("\"labels\": [")
			.contains("\"colour\": \"COLOUR_RED\"");
		Browser.screenshot(this.browser, "16-explorer-fields");
		clickAndWait(By.cssSelector("form.panel button[type=submit]"));
		assertThat(this.browser.findElement(By.cssSelector("h2 .status")).getText()).isEqualTo("OK");
		assertThat(this.browser.findElement(By.cssSelector("pre.response")).getText()).contains("COLOUR_GREEN")
			.contains("COLOUR_RED");

		request = this.browser.findElement(By.id("request"));
		request.clear();
		request.sendKeys("{\"text\": ");
		this.browser.findElement(By.cssSelector(".enum-value[data-path='colour'][data-value='COLOUR_RED']")).click();
		assertThat(this.browser.findElement(By.id("fields-message")).getText()).startsWith("The request is not valid JSON");
		assertThat(request.getAttribute("value")).isEqualTo("{\"text\": ");
	}

	@Test
	void whenCopyIsClickedThenTheClipboardHoldsTheCommandWithoutTheKeyAndTheResponse() {
		open("/grpc-admin/explorer?service=explorer.v1.EchoService&method=Echo");
		WebElement request = this.browser.findElement(By.id("request"));
		request.clear();
		request.sendKeys("{\"text\": \"copied\"}");
		this.browser.findElement(By.id("apiKey")).sendKeys("gsk_never_in_a_command");
		clickAndWait(By.cssSelector("form.panel button[type=submit]"));
		// Headless Chromium has no system clipboard: what the page hands to it is recorded instead.
		this.browser.executeScript("window.copied = []; navigator.clipboard.writeText = function (text) {"
				+ " window.copied.push(text); return Promise.resolve(); };");
		this.browser.findElement(By.cssSelector("[data-copy-target=grpc-call-command]")).click();
		assertThat(clipboard()).startsWith("grpc-call call localhost:")
			.contains("-d '{\"text\":\"copied\"}'")
			.contains("-H \"x-api-key: $GRPC_API_KEY\"")
			.doesNotContain("gsk_");
		this.browser.findElement(By.cssSelector("[data-copy-target=grpcurl-command]")).click();
		assertThat(clipboard()).startsWith("grpcurl -plaintext").doesNotContain("gsk_");
		this.browser.findElement(By.cssSelector("[data-copy-target=responses-text]")).click();
		assertThat(clipboard()).isEqualTo(this.browser.findElement(By.cssSelector("pre.response")).getText());
		assertThat(clipboard()).contains("\"text\": \"copied\"");
		// Once the request is edited, the commands say they are for the earlier one.
		assertThat(this.browser.findElement(By.id("commands-stale")).isDisplayed()).isFalse();
		this.browser.findElement(By.id("request")).sendKeys(" ");
		assertThat(this.browser.findElement(By.id("commands-stale")).isDisplayed()).isTrue();
		Browser.screenshot(this.browser, "18-explorer-commands");
	}

	@Test
	void whenAServerStreamRunsThenResponsesShowAsTheyArriveAndStopCancelsTheCall() throws Exception {
		this.echo.resetCancellation();
		open("/grpc-admin/explorer?service=explorer.v1.EchoService&method=Count");
		WebElement request = this.browser.findElement(By.id("request"));
		request.clear();
		request.sendKeys("{\"intervalMillis\": 150}");
		this.browser.findElement(By.cssSelector("form.panel button[type=submit]")).click();
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(15));
		wait.until((driver) -> driver.findElements(By.cssSelector("#stream-responses pre.response")).size() >= 3);
		// Still running: the responses are on the page before the call ends.
		assertThat(this.browser.findElement(By.id("stream-status")).getText()).isEqualTo("streaming");
		assertThat(this.echo.cancellation()).isNotDone();
		assertThat(this.browser.findElement(By.cssSelector("#stream-responses pre.response")).getText())
			.contains("\"n\": 1");
		Browser.screenshot(this.browser, "17-explorer-streaming");
		int shownBeforeStop = this.browser.findElements(By.cssSelector("#stream-responses pre.response")).size();
		this.browser.findElement(By.id("stream-stop")).click();
		int sent = this.echo.cancellation().get(10, TimeUnit.SECONDS);
		assertThat(sent).isGreaterThanOrEqualTo(3);
		wait.until((driver) -> driver.findElement(By.id("stream-status")).getText().equals("CANCELLED"));
		// Replies the server sent while the cancellation was on its way are dropped by the admin's
		// client, so the page may show fewer than the server sent: never fewer than it showed
		// before Stop, never more than were sent, never a gap.
		List<WebElement> shown = this.browser.findElements(By.cssSelector("#stream-responses pre.response"));
		assertThat(shown).hasSizeBetween(shownBeforeStop, sent);
		for (int i = 0; i < shown.size(); i++) {
			assertThat(shown.get(i).getText()).containsPattern("\"n\": " + (i + 1) + "\\b");
		}
		assertThat(this.browser.findElement(By.id("stream-count")).getText())
			.isEqualTo(String.valueOf(shown.size()));
		assertThat(this.browser.findElement(By.id("stream-stop")).isEnabled()).isFalse();
	}

	/** What the page last copied. */
	@SuppressWarnings("unchecked")
	private String clipboard() {
		List<String> copied = (List<String>) this.browser.executeScript("return window.copied;");
		assertThat(copied).isNotEmpty();
		return copied.get(copied.size() - 1);
	}

	private void clickAndWait(By target) {
		WebElement page = this.browser.findElement(By.tagName("html"));
		this.browser.findElement(target).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
	}

	private void open(String path) {
		this.browser.get("http://localhost:" + this.port + path);
	}

}
