import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { submitComment } from "../editorial/comments.ts";
import { submitErrorReport } from "../editorial/reports.ts";
import { silentLogger } from "../lib/logger.ts";
import { findComment } from "../store/comments.ts";
import { findErrorReport } from "../store/reports.ts";
import { findSiteRevision } from "../store/site-state.ts";
import { seedAnalysis } from "../web/testdata/analysis-fixture.ts";
import { commentsApprove, commentsList, commentsReject } from "./comments.ts";
import type { Output } from "./output.ts";
import { reportsClose, reportsList } from "./reports.ts";

describe("prism comments and prism reports", () => {
  let app: App;
  let dir: string;
  let lines: string[];
  const out: Output = { line: (t) => lines.push(t), error: (t) => lines.push(`ERR ${t}`) };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "prism-cli-"));
    app = await createApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent", SITE_URL: "https://news.example" }), {
      logger: silentLogger,
    });
    lines = [];
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function held(text: string) {
    const { analysisId } = await seedAnalysis(app.db);
    const r = await submitComment(app, { analysisId, name: "Ada", text, honeypot: "", clientKey: text });
    if (!r.ok) throw new Error(r.message);
    return r.id;
  }

  it("lists pending comments, approves them so pages change, and rejects or marks spam", async () => {
    const a = await held("See https://one.example for the ruling");
    const b = await held("Cheap pills at www.spam.example");
    expect(await commentsList(app, out, {})).toBe(0);
    expect(lines.join("\n")).toMatch(new RegExp(`#${b}  pending \\(contains a link\\)[\\s\\S]*#${a}  pending`));
    expect(lines.join("\n")).toContain('"Ada": See https://one.example for the ruling');

    const before = (await findSiteRevision(app.db))?.revision ?? 0;
    lines = [];
    await commentsApprove(app, out, [String(a)]);
    expect(lines).toEqual([`comment ${a} approved: it is shown on its page`]);
    expect((await findComment(app.db, a))?.status).toBe("approved");
    expect((await findSiteRevision(app.db))?.revision).toBe(before + 1);

    await commentsReject(app, out, [String(b)], { spam: true });
    expect((await findComment(app.db, b))?.status).toBe("spam");
    lines = [];
    await commentsList(app, out, { status: "all", json: true });
    const listed = JSON.parse(lines.join("\n")) as Record<string, unknown>[];
    expect(listed.map((c) => c.status)).toEqual(["spam", "approved"]);
    expect(listed[0]).not.toHaveProperty("client_hash");
    await expect(commentsApprove(app, out, ["0"])).rejects.toThrow(/not an id/);
    await expect(commentsList(app, out, { status: "maybe" })).rejects.toThrow(/--status/);
  });

  it("lists open error reports with their analysis and closes them", async () => {
    const { analysisId, versionId } = await seedAnalysis(app.db);
    const r = await submitErrorReport(app, {
      analysisId,
      versionId,
      reason: "factual-error",
      details: "The vote was 6 to 3.",
      sourceUrl: "https://ledger.example/fix",
      honeypot: "",
      clientKey: "192.0.2.1",
    });
    if (!r.ok) throw new Error(r.message);
    await reportsList(app, out, {});
    expect(lines[0]).toMatch(new RegExp(`^#${r.id}  open  factual-error  .*  https://news.example/analysis/`));
    expect(lines).toContain("    source: https://ledger.example/fix");
    lines = [];
    await reportsClose(app, out, "resolved", [String(r.id)], { note: "fixed in version 2" });
    expect(lines).toEqual([`report ${r.id} resolved`]);
    expect(await findErrorReport(app.db, r.id)).toMatchObject({
      status: "resolved",
      status_note: "fixed in version 2",
    });
    lines = [];
    await reportsList(app, out, {});
    expect(lines).toEqual(["no open reports"]);
  });
});
