import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestSource } from "../../test/support/fixtures.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { OpenedDb } from "./db.ts";
import {
  countDropReasons,
  countItemsByStatus,
  findItem,
  findItemByGuid,
  findStoredItemByUrl,
  getItem,
  type ItemInput,
  insertItem,
  listItemsBySource,
  listKnownGuids,
  listStoredItemUrls,
  markItemDropped,
} from "./items.ts";

describe.each(testDialects())("items on $name", ({ open }) => {
  let opened: OpenedDb;
  let sourceId: number;
  beforeEach(async () => {
    opened = await open();
    sourceId = await insertTestSource(opened.db);
  });
  afterEach(async () => {
    await opened.close();
  });
  const now = new Date("2026-11-27T10:00:00.000Z");
  const input = (guid: string, fields: Partial<ItemInput> = {}): ItemInput => ({
    sourceId,
    guid,
    url: `https://outlet.example/${guid}`,
    title: `Story ${guid}`,
    status: "stored",
    ...fields,
  });

  it("stores an item once per source and guid, and says when it was already there", async () => {
    const row = await insertItem(
      opened.db,
      input("g1", { summary: "S", publishedAt: "2026-11-26T08:00:00.000Z" }),
      now,
    );
    expect(row).toMatchObject({
      guid: "g1",
      status: "stored",
      summary: "S",
      drop_reason: null,
      created_at: now.toISOString(),
    });
    expect(await insertItem(opened.db, input("g1", { title: "Changed" }), now)).toBeUndefined();
    expect(await findItem(opened.db, row!.id)).toMatchObject({ title: "Story g1" });
    expect(await findItemByGuid(opened.db, sourceId, "g1")).toEqual(row);
    // The same guid from another source is another item.
    const other = await insertTestSource(opened.db);
    expect(await insertItem(opened.db, { ...input("g1"), sourceId: other }, now)).toBeDefined();
  });

  it("marks an item dropped with its reason and counts items by status and reason", async () => {
    const a = await insertItem(opened.db, input("a"), now);
    await insertItem(opened.db, input("b"), now);
    await insertItem(opened.db, input("c", { status: "dropped", dropReason: "too-old" }), now);
    await markItemDropped(opened.db, a!.id, "unknown-language");

    expect(await getItem(opened.db, a!.id)).toMatchObject({ status: "dropped", drop_reason: "unknown-language" });
    expect(await countItemsByStatus(opened.db)).toEqual({ stored: 1, dropped: 2, failed: 0 });
    expect(await countItemsByStatus(opened.db, sourceId + 100)).toEqual({ stored: 0, dropped: 0, failed: 0 });
    expect(await countDropReasons(opened.db, sourceId)).toEqual([
      { reason: "too-old", count: 1 },
      { reason: "unknown-language", count: 1 },
    ]);
    await expect(markItemDropped(opened.db, a!.id + 100, "x")).rejects.toThrow(NotFoundError);
    await expect(getItem(opened.db, a!.id + 100)).rejects.toThrow(NotFoundError);
  });

  it("finds a stored item by URL but not a dropped one", async () => {
    await insertItem(
      opened.db,
      input("d", { url: "https://outlet.example/same", status: "dropped", dropReason: "too-old" }),
      now,
    );
    expect(await findStoredItemByUrl(opened.db, "https://outlet.example/same")).toBeUndefined();
    const stored = await insertItem(opened.db, input("e", { url: "https://outlet.example/same" }), now);
    expect((await findStoredItemByUrl(opened.db, "https://outlet.example/same"))?.id).toBe(stored!.id);
  });

  it("lists a source's items newest first, optionally by status", async () => {
    await insertItem(opened.db, input("1"), now);
    await insertItem(opened.db, input("2", { status: "dropped", dropReason: "no-link" }), now);
    await insertItem(opened.db, input("3"), now);
    expect((await listItemsBySource(opened.db, sourceId)).map((i) => i.guid)).toEqual(["3", "2", "1"]);
    expect((await listItemsBySource(opened.db, sourceId, { status: "stored", limit: 1 })).map((i) => i.guid)).toEqual([
      "3",
    ]);
  });

  it("tells which guids a source gave before and which URLs a stored item has, in bulk", async () => {
    await insertItem(opened.db, input("k1"), now);
    await insertItem(opened.db, input("k2", { status: "dropped", dropReason: "too-old" }), now);
    const other = await insertTestSource(opened.db);
    await insertItem(opened.db, { ...input("k3"), sourceId: other }, now);

    expect(await listKnownGuids(opened.db, sourceId, ["k1", "k2", "k3", "k4"])).toEqual(new Set(["k1", "k2"]));
    expect(await listKnownGuids(opened.db, sourceId, [])).toEqual(new Set());
    const many = Array.from({ length: 1200 }, (_, i) => `https://outlet.example/n${i}`);
    expect(
      await listStoredItemUrls(opened.db, [
        "https://outlet.example/k1",
        "https://outlet.example/k2",
        "https://outlet.example/k3",
        ...many,
      ]),
    ).toEqual(new Set(["https://outlet.example/k1", "https://outlet.example/k3"]));
  });
});
