/**
 * Where the research data lives: ../shared/data beside the project (never copied into it). A
 * bench without it prints a notice and exits non-zero, saying it could not run.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The folder under ../shared/data, or exits (code 2) with a notice when it is absent. */
export function sharedData(...parts: string[]): string {
  const dir = path.resolve(PROJECT_ROOT, "../shared/data", ...parts);
  if (!existsSync(dir)) {
    process.stderr.write(
      `could not run: ${dir} is absent (the research data lives in ../shared/data beside the project)\n`,
    );
    process.exit(2);
  }
  return dir;
}

/** Prints rows as an aligned table (first row is the header). */
export function printTable(rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const [n, row] of cells.entries()) {
    process.stdout.write(
      `${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}\n`,
    );
    if (n === 0) process.stdout.write(`${widths.map((w) => "-".repeat(w)).join("  ")}\n`);
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}
