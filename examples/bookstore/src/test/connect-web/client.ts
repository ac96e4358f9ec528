// A browser client of the bookstore example with Connect-ES over gRPC-Web. The page passes the
// server's base URL and a rate-limited API key in its query string; each call's outcome is
// written into the element with the call's id, and body[data-done] is set when all have ended.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { BookService } from "./gen/bookstore/v1/bookstore_pb";

const params = new URLSearchParams(window.location.search);
const transport = createGrpcWebTransport({ baseUrl: params.get("server")!, useBinaryFormat: true });
const books = createClient(BookService, transport);
const key = params.get("key")!;

async function outcome(id: string, call: () => Promise<string>): Promise<void> {
  let text: string;
  try {
    text = "ok: " + (await call());
  } catch (error) {
    const connectError = ConnectError.from(error);
    text = `error: ${Code[connectError.code]} ${connectError.rawMessage}`;
  }
  document.getElementById(id)!.textContent = text;
}

async function run(): Promise<void> {
  await outcome("get-book", async () => (await books.getBook({ id: 3n })).title);
  await outcome("list-books", async () => {
    const titles: string[] = [];
    for await (const book of books.listBooks({ author: "Ursula K. Le Guin" })) titles.push(book.title);
    return titles.join(" | ");
  });
  await outcome("no-key", async () => (await books.batchGetBooks({ ids: [1n] })).books.length + " books");
  const keyed = { headers: { "x-api-key": key } };
  await outcome("keyed", async () => (await books.batchGetBooks({ ids: [1n, 3n] }, keyed)).books.map((b) => b.id).join(","));
  await outcome("over-limit", async () => (await books.batchGetBooks({ ids: [1n] }, keyed)).books.length + " books");
  document.body.dataset.done = "true";
}

void run();
