import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { chooseEncoding, createPageCache } from "./page-cache.ts";

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
    const cache = createPageCache({ maxEntries: 2 });
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

  it("picks brotli, then gzip, then none, honouring q=0", () => {
    const all = { bodies: { identity: new Uint8Array(), gzip: new Uint8Array(), br: new Uint8Array() } };
    expect(chooseEncoding("gzip, deflate, br", all)).toBe("br");
    expect(chooseEncoding("br;q=0, gzip", all)).toBe("gzip");
    expect(chooseEncoding("*", all)).toBe("br");
    expect(chooseEncoding("identity", all)).toBe("identity");
    expect(chooseEncoding(undefined, all)).toBe("identity");
    expect(chooseEncoding("gzip;q=0", all)).toBe("identity");
    expect(chooseEncoding("br", { bodies: { identity: new Uint8Array() } })).toBe("identity");
  });

  it("empties itself when the stored revision changes, asking at most once per interval", async () => {
    let revision = 1;
    let asked = 0;
    let now = 0;
    const cache = createPageCache({
      now: () => new Date(now),
      checkMs: 1000,
      revision: async () => {
        asked++;
        return revision;
      },
    });
    let renders = 0;
    const app = appWith(cache, async (key) => `${key} #${++renders}`);
    expect(await (await app.request("/a")).text()).toBe("a #1");
    revision = 2;
    now = 500;
    expect(await (await app.request("/a")).text()).toBe("a #1");
    expect(asked).toBe(1);
    now = 1000;
    expect(await (await app.request("/a")).text()).toBe("a #2");
    expect(asked).toBe(2);
  });

  it("answers before routing only what was stored under the exact path and query requested", async () => {
    const cache = createPageCache();
    let renders = 0;
    const app = new Hono();
    // The route ignores unknown query parameters, as the site's routes do.
    app.get("/page", (c) =>
      cache.serve(c, "/page", async () => ({ status: 200, body: `page #${++renders}`, contentType: "text/plain" })),
    );
    const request = (url: string, method = "GET") => new Request(`http://site.example${url}`, { method });
    expect(cache.answer(request("/page"), undefined)).toBeUndefined();
    await app.request("/page?utm_source=x");
    expect(cache.answer(request("/page?utm_source=x"), undefined)).toBeUndefined();
    expect(cache.answer(request("/page"), undefined)).toBeUndefined();
    cache.clear();
    await app.request("/page");
    const hit = cache.answer(request("/page"), undefined);
    expect(await hit?.text()).toBe("page #2");
    const head = cache.answer(request("/page", "HEAD"), undefined);
    expect(head?.status).toBe(200);
    expect(await head?.text()).toBe("");
    expect(head?.headers.get("content-length")).toBe("7");
    expect(cache.answer(request("/page", "POST"), undefined)).toBeUndefined();
    expect(renders).toBe(2);
  });
});
