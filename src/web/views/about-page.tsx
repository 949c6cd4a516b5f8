/** What the site is: what the model does and does not do, how claims are checked, corrections, Thoughts. */
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export function AboutPage({ site, strings: s }: { site: SiteInfo; strings: Strings }) {
  const part = (id: string, heading: string, paragraphs: string[], list = false) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {list ? (
        <ul>
          {paragraphs.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : (
        paragraphs.map((p) => <p>{p}</p>)
      )}
    </section>
  );
  return (
    <Layout
      site={site}
      strings={s}
      title={`${s.aboutTitle} · ${site.name}`}
      description={s.aboutIntro}
      canonical={`${site.url}/about`}
      openGraph={{ type: "website", title: s.aboutTitle, description: s.aboutIntro }}
    >
      <div class="article prose">
        <h1>{s.aboutTitle}</h1>
        <p class="dek">{s.aboutIntro}</p>
        {part("does", s.aboutDoesHeading, s.aboutDoes, true)}
        {part("does-not", s.aboutDoesNotHeading, s.aboutDoesNot, true)}
        {part("verification", s.aboutVerifyHeading, s.aboutVerify)}
        {part("corrections", s.aboutCorrectionsHeading, s.aboutCorrections)}
        {part("thoughts", s.aboutThoughtsHeading, s.aboutThoughts)}
        <p>
          <a href="/sources">{s.sourcesTitle}</a>
        </p>
      </div>
    </Layout>
  );
}
