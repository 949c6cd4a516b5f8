/**
 * A worker thread that parses one feed file at a time, so the bench can give each file a time
 * limit and terminate a parse that hangs. In: { id, file, kind }; out: { id, feed } on success,
 * { id, refused } for FeedParseError (PRISM's expected outcome), { id, crash } for anything else.
 */
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { decodeBody } from "../../src/ingest/fetcher.ts";
import { FeedParseError, parseFeed } from "../../src/ingest/parse-feed.ts";

export interface ParseTask {
  id: number;
  file: string;
  /** The Content-Type the file would be served with (feedparser's "Header:" lines), if any. */
  contentType: string | null;
  baseUrl: string;
}

parentPort?.on("message", (task: ParseTask) => {
  try {
    const text = decodeBody(readFileSync(task.file), task.contentType);
    const feed = parseFeed(text, task.baseUrl);
    parentPort?.postMessage({ id: task.id, feed });
  } catch (error) {
    if (error instanceof FeedParseError) parentPort?.postMessage({ id: task.id, refused: error.message });
    else parentPort?.postMessage({ id: task.id, crash: `${(error as Error)?.name}: ${(error as Error)?.message}` });
  }
});
