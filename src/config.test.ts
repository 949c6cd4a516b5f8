import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("runs on SQLite in ./data with the built-in engine when nothing is set", () => {
    const c = loadConfig({}, "/srv/prism");
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: "sqlite", file: "/srv/prism/data/prism.db" });
    expect(c.engine).toBe("builtin");
    expect(c.publish.minSources).toBe(2);
    expect(c.site.url).toBe("http://localhost:3000");
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("follows PORT into the default site URL and takes PostgreSQL URLs", () => {
    const c = loadConfig({ PORT: "8080", DATABASE_URL: "postgres://u@db/prism" });
    expect(c.site.url).toBe("http://localhost:8080");
    expect(c.database).toEqual({ kind: "postgres", url: "postgres://u@db/prism" });
  });

  it("reads a secret from a NAME_FILE variable", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prism-config-"));
    const file = path.join(dir, "secret");
    writeFileSync(file, "a-very-long-secret-value\n");
    expect(loadConfig({ SECRET_KEY_FILE: file }).secretKey).toBe("a-very-long-secret-value");
  });

  it("names the variable and value it refuses", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/invalid configuration: PORT="eighty"/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SECRET_KEY_FILE: "/nonexistent/file" })).toThrow(/SECRET_KEY_FILE: cannot read/);
    expect(() => loadConfig({ PUBLISH_MIN_SOURCES: "0" })).toThrow(/PUBLISH_MIN_SOURCES/);
  });
});
