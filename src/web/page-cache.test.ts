import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createPageCache } from "./page-cache.ts";

function appWith(cache: ReturnType<typeof createPageCache>, render: (key: string) => Promise<string>) {
  const app = new Hono();
  app.get("/:key", (c) =>
    cache.serve(c, c.req.param("key"), async () => ({
      status: 200,
      body: await render(c.req.param("key")),
      contentType: "text/plain",
    })),
  );
  return app;
}

describe("page cache", () => {
  it("renders a key once and serves it from memory until cleared", async () => {
    const cache = createPageCache();
    let renders = 0;
    const app = appWith(cache, async (key) => `${key} #${++renders}`);
    expect(await (await app.request("/a")).text()).toBe("a #1");
    expect(await (await app.request("/a")).text()).toBe("a #1");
    cache.clear();
    expect(await (await app.request("/a")).text()).toBe("a #2");
  });

  it("does not keep a render that was running while the cache was cleared", async () => {
    const cache = createPageCache();
    let release: () => void = () => {};
    let version = "old";
    const app = appWith(cache, async () => {
      const seen = version;
      if (seen === "old") await new Promise<void>((r) => (release = r));
      return seen;
    });
    const slow = app.request("/a");
    await new Promise((r) => setTimeout(r, 0));
    version = "new";
    cache.clear();
    release();
    expect(await (await slow).text()).toBe("old");
    expect(await (await app.request("/a")).text()).toBe("new");
  });

  it("drops the least recently used entry beyond its size", async () => {
    const cache = createPageCache(2);
    let renders = 0;
    const app = appWith(cache, async (key) => `${key} #${++renders}`);
    await app.request("/a");
    await app.request("/b");
    await app.request("/a");
    await app.request("/c");
    expect(cache.size).toBe(2);
    expect(await (await app.request("/a")).text()).toBe("a #1");
    expect(await (await app.request("/b")).text()).toBe("b #4");
  });

  it("never stores a response that is not 200", async () => {
    const cache = createPageCache();
    const app = new Hono();
    app.get("/", (c) => cache.serve(c, "/", async () => ({ status: 404, body: "gone", contentType: "text/plain" })));
    const res = await app.request("/");
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(cache.size).toBe(0);
  });
});
