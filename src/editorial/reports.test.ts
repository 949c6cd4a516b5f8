import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { fixedClock } from "../lib/clock.ts";
import type { OpenedDb } from "../store/db.ts";
import { findErrorReport, listErrorReports } from "../store/reports.ts";
import { seedAnalysis } from "../web/testdata/analysis-fixture.ts";
import { closeErrorReport, type ReportDeps, submitErrorReport } from "./reports.ts";

describe.each(testDialects())("error reports on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: ReportDeps;
  let clock: ReturnType<typeof fixedClock>;
  let analysisId: number;
  let versionId: number;
  beforeEach(async () => {
    opened = await open();
    clock = fixedClock("2026-11-27T10:00:00.000Z");
    deps = { db: opened.db, clock, config: { reports: { maxPerHour: 2 }, secretKey: "secret-for-the-tests" } };
    const seeded = await seedAnalysis(opened.db);
    analysisId = seeded.analysisId;
    versionId = seeded.versionId;
  });
  afterEach(async () => {
    await opened.close();
  });

  const submit = (
    fields: Partial<{ reason: string; details: string; sourceUrl: string; honeypot: string; clientKey: string }> = {},
  ) =>
    submitErrorReport(deps, {
      analysisId,
      versionId,
      reason: "factual-error",
      details: "The vote was 6 to 3.",
      sourceUrl: "",
      honeypot: "",
      clientKey: "192.0.2.1",
      ...fields,
    });

  it("stores an open report with its reason, details, source link and version, and lists it", async () => {
    const result = await submit({ sourceUrl: " https://ledger.example/correction " });
    expect(result).toMatchObject({ ok: true });
    const [row] = await listErrorReports(opened.db, { status: "open", limit: 10 });
    expect(row).toMatchObject({
      analysis_id: analysisId,
      version_id: versionId,
      reason: "factual-error",
      details: "The vote was 6 to 3.",
      source_url: "https://ledger.example/correction",
      status: "open",
      created_at: "2026-11-27T10:00:00.000Z",
    });
    expect(row?.client_hash).not.toContain("192.0.2.1");
    expect(row?.slug).toBe("fernbay-bets-48-million-on-a-tidal-gate");
  });

  it("accepts an empty description and refuses unknown reasons, non-http links, long details and bots", async () => {
    expect(await submit({ reason: "outdated", details: "" })).toMatchObject({ ok: true });
    expect(await submit({ reason: "boring" })).toMatchObject({ ok: false, error: "reason-invalid" });
    expect(await submit({ sourceUrl: "javascript:alert(1)" })).toMatchObject({ ok: false, error: "source-invalid" });
    expect(await submit({ sourceUrl: "not a url" })).toMatchObject({ ok: false, error: "source-invalid" });
    expect(await submit({ details: "x".repeat(2001) })).toMatchObject({ ok: false, error: "details-too-long" });
    expect(await submit({ honeypot: "x" })).toMatchObject({ ok: false, error: "spam" });
    expect(await listErrorReports(opened.db, { limit: 10 })).toHaveLength(1);
  });

  it("limits reports per address per hour", async () => {
    expect(await submit()).toMatchObject({ ok: true });
    expect(await submit()).toMatchObject({ ok: true });
    expect(await submit()).toMatchObject({ ok: false, error: "too-many" });
    expect(await submit({ clientKey: "192.0.2.2" })).toMatchObject({ ok: true });
    clock.advance(3_600_001);
    expect(await submit()).toMatchObject({ ok: true });
  });

  it("closes a report as resolved or dismissed with a note", async () => {
    const result = await submit();
    if (!result.ok) throw new Error("refused");
    clock.advance(60_000);
    await closeErrorReport({ db: opened.db, clock }, result.id, "resolved", "corrected in version 2");
    expect(await findErrorReport(opened.db, result.id)).toMatchObject({
      status: "resolved",
      status_note: "corrected in version 2",
      resolved_at: "2026-11-27T10:01:00.000Z",
    });
    expect(await listErrorReports(opened.db, { status: "open", limit: 10 })).toEqual([]);
    await expect(closeErrorReport({ db: opened.db, clock }, 999_999, "dismissed", null)).rejects.toThrow(/not found/);
  });
});
