/** The ingest part of the configuration as the stages see it, with the defaults and short test limits. */
import { loadConfig } from "../../config.ts";
import type { IngestDeps } from "../ingest-deps.ts";

export function testIngestConfig(ingest: Partial<IngestDeps["config"]["ingest"]> = {}): IngestDeps["config"] {
  const defaults = loadConfig({});
  return {
    refreshMinutes: defaults.refreshMinutes,
    ingest: { ...defaults.ingest, fetchTimeoutMs: 2000, fetchMaxBytes: 1024 * 1024, ...ingest },
  };
}

/** Minutes from `from` to `to` (ISO strings), for asserting poll times that carry jitter. */
export function minutesBetween(from: string, to: string | null): number {
  if (!to) return Number.NaN;
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}
