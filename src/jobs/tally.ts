/** Counts what a pipeline run did, from each step's result, for the summary the CLI prints. */
import type { StepEvent } from "../pipeline.ts";

export interface Tally {
  feedsRead: number;
  feedsUnchanged: number;
  feedErrors: string[];
  itemsStored: number;
  articlesStored: number;
  dropped: Record<string, number>;
  storiesStarted: number;
  articlesJoined: number;
  analysesWritten: number;
  published: number;
  heldForReview: number;
}

export function createTally(): Tally & { add(event: StepEvent): void; lines(): string[] } {
  const t: Tally = {
    feedsRead: 0,
    feedsUnchanged: 0,
    feedErrors: [],
    itemsStored: 0,
    articlesStored: 0,
    dropped: {},
    storiesStarted: 0,
    articlesJoined: 0,
    analysesWritten: 0,
    published: 0,
    heldForReview: 0,
  };
  const drop = (reason: string, n = 1) => {
    t.dropped[reason] = (t.dropped[reason] ?? 0) + n;
  };
  return Object.assign(t, {
    add(event: StepEvent) {
      switch (event.job) {
        case "refresh-feed": {
          const r = event.result;
          if (r.status === "ok") t.feedsRead++;
          else if (r.status === "not-modified") t.feedsUnchanged++;
          else t.feedErrors.push(`source ${r.sourceId}: ${r.error ?? "error"}`);
          t.itemsStored += r.itemsStored;
          for (const [reason, n] of Object.entries(r.dropped)) drop(reason, Number(n));
          break;
        }
        case "extract-article":
          if (event.result.status === "stored") t.articlesStored++;
          else drop(event.result.reason ?? "dropped");
          break;
        case "cluster-article":
          if (event.result.joined) t.articlesJoined++;
          else t.storiesStarted++;
          break;
        case "write-analysis":
          if (event.result.status === "written") t.analysesWritten++;
          break;
        case "publish":
          if (event.result.status === "published") t.published++;
          else t.heldForReview++;
          break;
      }
    },
    lines() {
      const dropped = Object.entries(t.dropped)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(", ");
      return [
        `sources read: ${t.feedsRead}${t.feedsUnchanged ? ` (${t.feedsUnchanged} unchanged)` : ""}${t.feedErrors.length ? `, ${t.feedErrors.length} failed` : ""}`,
        ...t.feedErrors.map((e) => `  ! ${e}`),
        `items stored: ${t.itemsStored}${dropped ? ` (dropped: ${dropped})` : ""}`,
        `articles stored: ${t.articlesStored}`,
        `stories: ${t.storiesStarted} started, ${t.articlesJoined} articles joined existing stories`,
        `analyses: ${t.analysesWritten} written, ${t.published} published, ${t.heldForReview} held for review`,
      ];
    },
  });
}
