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

  it("configures a model engine by URL, model and key, with the built-in engine's defaults otherwise", () => {
    const c = loadConfig({ ENGINE: "openai", MODEL_NAME: "llama3.1", MODEL_URL: "http://127.0.0.1:11434/v1/" });
    expect(c.engine).toBe("openai");
    expect(c.model).toMatchObject({
      url: "http://127.0.0.1:11434/v1",
      name: "llama3.1",
      outputLanguage: "en",
      structuredOutput: "json_schema",
    });
    expect(loadConfig({ ENGINE: "anthropic", MODEL_NAME: "claude-3-5-haiku-latest" }).model.url).toBe(
      "https://api.anthropic.com/v1",
    );
    expect(loadConfig({}).publish.holdOn).toContain("prompt-injection");
    expect(loadConfig({ PUBLISH_HOLD_ON: "none" }).publish.holdOn).toEqual([]);
    expect(() => loadConfig({ ENGINE: "openai" })).toThrow(/ENGINE=openai needs MODEL_NAME/);
    expect(() => loadConfig({ PUBLISH_HOLD_ON: "quote-not-verbatim,typo" })).toThrow(
      /PUBLISH_HOLD_ON="quote-not-verbatim,typo"/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "prism-config-"));
    writeFileSync(path.join(dir, "key"), "sk-test\n");
    expect(
      loadConfig({ ENGINE: "openai", MODEL_NAME: "gpt-4o-mini", MODEL_API_KEY_FILE: path.join(dir, "key") }).model
        .apiKey,
    ).toBe("sk-test");
  });

  it("names the variable and value it refuses", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/invalid configuration: PORT="eighty"/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SECRET_KEY_FILE: "/nonexistent/file" })).toThrow(/SECRET_KEY_FILE: cannot read/);
    expect(() => loadConfig({ PUBLISH_MIN_SOURCES: "0" })).toThrow(/PUBLISH_MIN_SOURCES/);
  });
});
