package dev.grpcstarter.examples.bookstore.admin;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.admin.browser.Browser;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.examples.bookstore.v1.BookServiceGrpc;
import dev.grpcstarter.examples.bookstore.v1.ListBooksRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.awaitility.Awaitility;
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
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI in a real browser against the running example: sign in, create a key and
 * read it once, call the gRPC service with it, revoke it, see the next call refused, find
 * both calls in the request log and on the key's page, and invoke a method in the explorer.
 * A screenshot of every page goes to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.port=0",
				"spring.datasource.url=jdbc:h2:mem:bookstore-browser;DB_CLOSE_DELAY=-1",
				"grpc.admin.user.password=browser-test-password", "grpc.request-log.flush-interval=100ms" })
class AdminBrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private GrpcServerLifecycle grpcServer;

	@Autowired
	private RequestLogWriter requestLog;

	@Autowired
	private ApiKeyService keys;

	@Autowired
	private RequestLogSearch requestLogSearch;

	private ChromeDriver browser;

	private ManagedChannel channel;

	@BeforeEach
	void start() {
		this.browser = Browser.start();
		this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", this.grpcServer.getPort(),
				InsecureChannelCredentials.create())
			.build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.browser != null) {
			this.browser.quit();
		}
		// Null when the browser was missing and the test was skipped before the channel opened.
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void whenAnOperatorManagesAKeyThenTheServerFollowsAndTheUiShowsIt() {
		open("/grpc-admin");
		assertThat(this.browser.getCurrentUrl()).endsWith("/grpc-admin/login");
		Browser.screenshot(this.browser, "01-login");
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys("browser-test-password");
		clickAndWait(By.cssSelector("button[type=submit]"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
		Browser.screenshot(this.browser, "02-overview");

		open("/grpc-admin/keys/new");
		this.browser.findElement(By.id("name")).sendKeys("browser key");
		this.browser.findElement(By.id("owner")).sendKeys("reader");
		this.browser.findElement(By.id("authorities")).sendKeys("ROLE_STAFF");
		Browser.screenshot(this.browser, "03-key-form");
		clickAndWait(By.cssSelector("form.panel button[type=submit]"));
		String rawKey = this.browser.findElement(By.id("raw-key")).getText().trim();
		assertThat(rawKey).startsWith("gsk_").hasSize(53);
		assertThat(this.browser.findElement(By.className("warning")).getText()).contains("shown only this once");
		assertThat(this.browser.findElement(By.cssSelector("[data-copy-target]")).isDisplayed()).isTrue();
		Browser.screenshot(this.browser, "04-key-created");
		clickAndWait(By.linkText("I have stored it: show the key"));
		String keyPage = this.browser.getCurrentUrl();
		assertThat(this.browser.getPageSource()).doesNotContain(rawKey);

		BookServiceGrpc.BookServiceBlockingStub books = withKey(rawKey);
		assertThat(books.listBooks(ListBooksRequest.getDefaultInstance()).hasNext()).isTrue();
		assertThat(lookup(rawKey)).isNull();

		clickAndWait(By.linkText("Revoke"));
		Browser.screenshot(this.browser, "05-revoke-confirmation");
		clickAndWait(By.cssSelector("button.danger"));
		assertThat(this.browser.findElement(By.cssSelector("h1 .status")).getText()).isEqualTo("revoked");

		StatusRuntimeException refused = lookup(rawKey);
		assertThat(refused).isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(refused.getStatus().getDescription()).isEqualTo("API key revoked");
		String keyId = keyPage.substring(keyPage.lastIndexOf('/') + 1);
		// A row is handed over when the server closes the stream, just after the client saw the answer.
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.requestLog.awaitIdle(Duration.ofSeconds(5));
			return this.requestLogSearch.find(RequestLogFilter.forApiKey(Long.parseLong(keyId)), null, 10).rows();
		}, (rows) -> rows.stream().anyMatch((row) -> row.grpcCode().equals("UNAUTHENTICATED")));
		open("/grpc-admin/logs?key=" + keyId);
		String logs = this.browser.findElement(By.tagName("table")).getText();
		assertThat(logs).contains("bookstore.v1.BookService/LookupBooks").contains("UNAUTHENTICATED").contains("OK");
		Browser.screenshot(this.browser, "06-request-log");
		clickAndWait(By.cssSelector("table tbody tr td a"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).contains("bookstore.v1.BookService/");
		Browser.screenshot(this.browser, "07-request-log-detail");

		this.browser.get(keyPage);
		String recent = this.browser.findElement(By.xpath("//h2[text()='Recent calls']/following-sibling::table[1]"))
			.getText();
		assertThat(recent).contains("LookupBooks").contains("UNAUTHENTICATED");
		assertThat(this.browser.findElement(By.xpath("//h2[text()='History']/following-sibling::table[1]")).getText())
			.contains("admin")
			.contains("create")
			.contains("revoke");
		Browser.screenshot(this.browser, "08-key");

		open("/grpc-admin/keys");
		assertThat(this.browser.findElement(By.tagName("table")).getText()).contains("browser key").contains("revoked");
		Browser.screenshot(this.browser, "09-keys");
	}

	@Test
	void whenTheExplorerInvokesAMethodThenItShowsTheResponse() {
		signIn();
		open("/grpc-admin/explorer");
		// One step: the list of every method is there at once, narrowed as one types.
		WebElement search = this.browser.findElement(By.id("explorer-search"));
		search.sendKeys("service/getbo");
		assertThat(this.browser.findElements(By.cssSelector(".methods li[data-method]")).stream()
			.filter(WebElement::isDisplayed)
			.map((item) -> item.getAttribute("data-method"))
			.toList()).containsExactly("bookstore.v1.BookService/GetBook");
		clickAndWait(By.linkText("GetBook"));
		// The .proto comments, from the descriptor set the build put in the jar.
		assertThat(this.browser.findElement(By.id("method-doc")).getText())
			.isEqualTo("Unary, public: one book by id; NOT_FOUND when there is none.");
		// The application's example request: the first call succeeds.
		WebElement request = this.browser.findElement(By.id("request"));
		assertThat(request.getAttribute("value")).isEqualTo("{\"id\": \"1\"}");
		String key = this.keys
			.create(new NewApiKey("explorer", null, "reader", java.util.List.of(), java.util.List.of(), null, null, "tests"))
			.rawKey();
		this.browser.findElement(By.id("metadata")).sendKeys("x-api-key: " + key + "\nx-trace: shared");
		this.browser.findElement(By.id("apiKey")).sendKeys(key);
		clickAndWait(By.cssSelector("form.panel button[type=submit]"));
		assertThat(this.browser.findElement(By.cssSelector("h2 .status")).getText()).isEqualTo("OK");
		assertThat(this.browser.findElement(By.cssSelector("pre.response")).getText())
			.contains("The Left Hand of Darkness");
		// The permalink carries method, body and metadata, never a key.
		String permalink = this.browser.findElement(By.id("permalink")).getAttribute("href");
		assertThat(permalink).contains("method=GetBook").contains("x-trace")
			.doesNotContain("gsk_").doesNotContain("apiKey");
		this.browser.get(permalink);
		assertThat(this.browser.findElement(By.id("request")).getAttribute("value")).isEqualTo("{\"id\": \"1\"}");
		assertThat(this.browser.findElement(By.id("metadata")).getAttribute("value")).isEqualTo("x-trace: shared");
		assertThat(this.browser.findElement(By.id("apiKey")).getAttribute("value")).isEmpty();
		Browser.screenshot(this.browser, "10-explorer");

		open("/grpc-admin/servers");
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("RUNNING")
			.contains("bookstore.v1.BookService")
			.contains("rateLimitEngine memory (this instance's memory)");
		Browser.screenshot(this.browser, "11-servers");
		open("/grpc-admin/audit");
		Browser.screenshot(this.browser, "12-audit");
		open("/grpc-admin?window=1h");
		Browser.screenshot(this.browser, "13-overview-1h");
	}

	@Test
	void whenCallsWereMadeThenTheOverviewChartsHaveAxesTooltipsAndSpanTheContent() {
		BookServiceGrpc.BookServiceBlockingStub stub = BookServiceGrpc.newBlockingStub(this.channel);
		stub.listBooks(ListBooksRequest.getDefaultInstance()).forEachRemaining((book) -> {
		});
		StatusRuntimeException missing = org.assertj.core.api.Assertions.catchThrowableOfType(
				StatusRuntimeException.class,
				() -> stub.getBook(dev.grpcstarter.examples.bookstore.v1.GetBookRequest.newBuilder().setId(99_999).build()));
		assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.requestLogSearch.find(new RequestLogFilter(null, null, "bookstore.v1.BookService", "GetBook", null, "NOT_FOUND", null, null, null),
					null, 5)
				.rows()
				.size() > 0);
		signIn();
		open("/grpc-admin?window=1h");
		List<WebElement> charts = this.browser.findElements(By.cssSelector("figure.chart svg.chart"));
		assertThat(charts).hasSize(2);
		for (WebElement chart : charts) {
			assertThat(chart.isDisplayed()).isTrue();
			assertThat(chart.findElements(By.cssSelector("g.x-axis text.tick"))).hasSizeGreaterThanOrEqualTo(5);
			assertThat(chart.findElements(By.cssSelector("g.y-axis text.tick"))).hasSizeGreaterThanOrEqualTo(2);
			assertThat(chart.findElements(By.cssSelector("text.empty"))).isEmpty();
		}
		assertThat(charts.get(0).findElements(By.cssSelector("rect.failed title"))).isNotEmpty();
		assertThat(charts.get(1).findElements(By.cssSelector("polyline.p99"))).isNotEmpty();
		// As wide as the tables below them.
		int tableWidth = this.browser.findElement(By.tagName("table")).getRect().getWidth();
		assertThat(charts.get(0).getRect().getWidth()).isBetween(tableWidth - 4, tableWidth + 4);
		Browser.screenshot(this.browser, "14-overview-charts");

		open("/grpc-admin?window=1h&method=bookstore.v1.BookService/AddBooks");
		List<WebElement> empty = this.browser.findElements(By.cssSelector("svg.chart text.empty"));
		assertThat(empty).hasSize(2).allSatisfy((text) -> assertThat(text.getText()).isEqualTo("No calls in this window"));
		assertThat(this.browser.findElements(By.cssSelector("svg.chart g.x-axis text.tick"))).hasSizeGreaterThan(5);
		Browser.screenshot(this.browser, "15-overview-empty-method");
	}

	private void signIn() {
		open("/grpc-admin/login");
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys("browser-test-password");
		clickAndWait(By.cssSelector("button[type=submit]"));
	}

	/** Clicks what loads a new page and waits until the old page is gone. */
	private void clickAndWait(By target) {
		WebElement page = this.browser.findElement(By.tagName("html"));
		this.browser.findElement(target).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
	}

	private void open(String path) {
		this.browser.get("http://localhost:" + this.port + path);
	}

	private BookServiceGrpc.BookServiceBlockingStub withKey(String key) {
		return BookServiceGrpc.newBlockingStub(this.channel).withInterceptors(keyHeader(key));
	}

	private static io.grpc.ClientInterceptor keyHeader(String key) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
		return MetadataUtils.newAttachHeadersInterceptor(headers);
	}

	/** A keyed bidirectional LookupBooks call: {@code null} when it ends OK, else its failure. */
	private StatusRuntimeException lookup(String key) {
		java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
		io.grpc.stub.StreamObserver<dev.grpcstarter.examples.bookstore.v1.GetBookRequest> requests = BookServiceGrpc
			.newStub(this.channel)
			.withInterceptors(keyHeader(key))
			.lookupBooks(new io.grpc.stub.StreamObserver<>() {
				@Override
				public void onNext(dev.grpcstarter.examples.bookstore.v1.Book book) {
				}

				@Override
				public void onError(Throwable error) {
					done.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
					done.complete(null);
				}
			});
		requests.onNext(dev.grpcstarter.examples.bookstore.v1.GetBookRequest.newBuilder().setId(1).build());
		requests.onCompleted();
		try {
			done.get(10, TimeUnit.SECONDS);
			return null;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return (StatusRuntimeException) ex.getCause();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
