/**
 * The site's one stylesheet, served from /assets/site.css. Pages link it with its content hash
 * in the query, so a browser may keep it for a year and still gets a new file after a change.
 * System fonts only, no images: the analysis page stays small and needs nothing but this.
 */
import { createHash } from "node:crypto";

export const SITE_CSS = `
:root{--bg:#fff;--fg:#1c1c1e;--muted:#5f6368;--line:#e3e3e6;--accent:#0b57d0;--soft:#f5f6f8;--warn:#8a4b00;--mark:#fff1a8;
--font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Apple SD Gothic Neo","Malgun Gothic",sans-serif;
--serif:Charter,"Bitstream Charter","Iowan Old Style",Georgia,"Noto Serif",serif;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#121316;--fg:#e8e8ea;--muted:#a1a4ab;--line:#2c2e33;--accent:#8ab4f8;--soft:#1c1e22;--warn:#f0b66b;--mark:#5c4a00}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.6 var(--font)}
a{color:var(--accent);text-underline-offset:.15em}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:9}
.skip:focus{left:.5rem}
.wrap{max-width:68rem;margin:0 auto;padding:0 1rem}
.site-header{border-bottom:1px solid var(--line)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.25rem;padding-top:.75rem;padding-bottom:.75rem}
.site-name{font-weight:700;font-size:1.25rem;color:var(--fg);text-decoration:none}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0;font-size:.95rem}
.site-nav a{color:var(--muted);text-decoration:none}
.site-nav a:hover,.site-nav a[aria-current]{color:var(--fg);text-decoration:underline}
main{padding:1.5rem 0 3rem}
.article{max-width:42.5rem;margin:0 auto}
.article h1{font:700 clamp(1.75rem,4.5vw,2.5rem)/1.2 var(--font);margin:.5rem 0}
.kicker,.meta,.card-meta,.small{font-size:.875rem;color:var(--muted)}
.kicker a{color:inherit;font-weight:600}
.label{display:inline-block;border:1px solid var(--line);border-radius:3px;padding:0 .4em;margin-left:.5em;font-size:.8rem}
.meta{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.25rem 0}
.dek{font-size:1.2rem;line-height:1.5;margin:1rem 0 1.5rem}
.what-changed{border-left:3px solid var(--accent,#1a5fb4);padding:.25rem 0 .25rem 1rem;margin:1rem 0}
.what-changed h2{font-size:1rem;margin:0 0 .25rem}
.what-changed ul{margin:0;padding-left:1.2rem}
.body{font:1.125rem/1.7 var(--serif)}
.body h2,.block h2{font:700 1.3rem/1.3 var(--font);margin:2rem 0 .5rem}
.body p{margin:0 0 1.1rem}
sup{line-height:0;font:600 .7rem var(--font)}
sup a{text-decoration:none;padding:0 .1em}
.unverified{border-bottom:1px dashed var(--warn)}
.unverified-mark{color:var(--warn);font:.75rem var(--font)}
.body ul,.body ol,.block ol,.block ul{padding-left:1.25rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
.facts dt{font-weight:600;font-family:var(--font)}
.facts dd{margin:0}
.scenario{border-left:3px solid var(--line);padding-left:.75rem;margin:0 0 1rem}
.scenario.most-probable{border-color:var(--accent)}
.scenario h3,.stakeholder h3{font:600 1rem var(--font);margin:0 0 .25rem}
.disclaimer{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;font-size:.9rem;margin:2rem 0}
.disclaimer p{margin:0 0 .25rem}
.verified{font-weight:600}
.sources li{margin:0 0 .5rem}
.sources li:target{background:var(--soft);outline:2px solid var(--accent)}
.passages ol{padding-left:1.25rem}
.passages li{margin:0 0 .75rem;font-size:.95rem}
.passages li:target{background:var(--soft);outline:2px solid var(--accent)}
.passages blockquote{margin:0;padding-left:.75rem;border-left:3px solid var(--line)}
.passages blockquote p{margin:0 0 .25rem}
.notice{border:1px solid var(--accent);border-radius:6px;padding:.5rem 1rem}
.notice.error{border-color:var(--warn);color:var(--warn)}
.thoughts ol{list-style:none;padding:0}
.thought{border-top:1px solid var(--line);padding:.75rem 0}
.thought-text{white-space:pre-line;margin:.25rem 0 0;overflow-wrap:anywhere}
form label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,textarea{width:100%;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.5rem}
textarea{min-height:8rem}
button{margin-top:.75rem;font:inherit;font-weight:600;color:var(--bg);background:var(--accent);border:0;border-radius:4px;padding:.5rem 1.25rem;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}
.card h3{font-size:1.1rem;line-height:1.3;margin:0 0 .25rem}
.card h3 a{color:var(--fg);text-decoration:none}
.card h3 a:hover{text-decoration:underline}
.card p{margin:0 0 .25rem}
.category-block{margin:0 0 2.5rem}
.category-block>h2{font-size:1.2rem;border-bottom:2px solid var(--fg);padding-bottom:.25rem}
.category-block>h2 a{color:inherit;text-decoration:none}
.pager{margin-top:2rem;display:flex;gap:1.5rem}
.site-footer{border-top:1px solid var(--line);padding:1.5rem 0;font-size:.875rem;color:var(--muted)}
.footer-links{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.5rem 0 0;padding:0}
.site-search{display:flex;gap:.25rem;margin-left:auto}
.site-search input{width:12rem;padding:.3rem .5rem}
.site-search button,.search-row button{margin:0;padding:.3rem .9rem}
.search-row{display:flex;gap:.5rem}
.results{list-style:none;padding:0}
.result{border-top:1px solid var(--line);padding:1rem 0}
.cards.single{display:block}
.snippet{margin:.25rem 0 0;color:var(--muted)}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
.edition-head h1{margin:0 0 .25rem}
.lead-list{margin:0 0 2.5rem;grid-template-columns:1fr}
.lead-list .card{max-width:48rem}
.sources-line{display:block}
.card.lead h2{font-size:clamp(1.4rem,3.5vw,2rem);line-height:1.2;margin:0 0 .5rem}
.card.lead h2 a{color:var(--fg);text-decoration:none}
.card.lead p{font-size:1.1rem}
.more{margin:.75rem 0 0;font-size:.9rem}
.edition-end{border-top:2px solid var(--fg);padding-top:1rem;margin-top:2rem}
.intro{color:var(--muted)}
.verification-line a:first-child{font-weight:600}
.tags{margin:1rem 0}
.versions ol{padding-left:1.25rem;font-size:.9rem}
.report{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:2rem 0}
.report summary{cursor:pointer}
.report summary h2{display:inline;font-size:1.1rem}
fieldset{border:1px solid var(--line);border-radius:4px;margin:.75rem 0;padding:.5rem .75rem}
legend{font-weight:600;padding:0 .25rem}
label.choice{display:block;font-weight:400;margin:.25rem 0}
label.choice input{width:auto}
.replies{list-style:none;margin:.5rem 0 0 1.25rem;padding:0 0 0 .75rem;border-left:2px solid var(--line)}
.thought.reply{border-top:0;padding:.5rem 0}
blockquote.thought{margin:1rem 0;padding:.5rem 1rem;border-left:3px solid var(--line)}
.archive-list{columns:2 14rem;padding-left:1.25rem}
.outlets{list-style:none;padding:0}
.outlet{border-top:1px solid var(--line);padding:.75rem 0}
.outlet h2{font-size:1.1rem;margin:0}
.prose li{margin:0 0 .4rem}
@media (max-width:40rem){.body{font-size:1.05rem}.facts{grid-template-columns:1fr}.site-search{margin-left:0;width:100%}.site-search input{flex:1;width:auto}}
`.trim();

/** First 12 hex digits of the stylesheet's SHA-256: the cache-busting version in its URL. */
export const SITE_CSS_HASH = createHash("sha256").update(SITE_CSS).digest("hex").slice(0, 12);

export const SITE_CSS_PATH = `/assets/site.css?v=${SITE_CSS_HASH}`;
