/** The 400, 404 and 500 pages: a title and one sentence, never a stack trace or internal detail. */
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export type ErrorKind = "bad-request" | "not-found" | "server-error";

export function ErrorPage({ site, strings: s, kind }: { site: SiteInfo; strings: Strings; kind: ErrorKind }) {
  const [title, text] =
    kind === "not-found"
      ? [s.notFoundTitle, s.notFoundText]
      : kind === "bad-request"
        ? [s.badRequestTitle, s.badRequestText]
        : [s.serverErrorTitle, s.serverErrorText];
  return (
    <Layout site={site} strings={s} title={`${title} · ${site.name}`} noindex>
      <div class="article">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/">{s.home}</a>
        </p>
      </div>
    </Layout>
  );
}
