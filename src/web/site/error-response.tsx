/** The 400, 404 and 500 pages as responses, and the HTML response shape the site's routes return. */
import type { Rendered } from "../page-cache.ts";
import { type ErrorKind, ErrorPage } from "../views/error-page.tsx";
import { renderDocument } from "../views/layout.tsx";
import { HTML, type WebContext } from "../web-context.ts";

export async function errorPage(ctx: WebContext, kind: ErrorKind, status?: number): Promise<Rendered> {
  const code = status ?? (kind === "not-found" ? 404 : kind === "bad-request" ? 400 : 500);
  return html(code, await renderDocument(<ErrorPage site={ctx.site} strings={ctx.strings} kind={kind} />));
}

export function html(status: number, body: string, headers?: Record<string, string>): Rendered {
  return { status, body, contentType: HTML, ...(headers ? { headers } : {}) };
}
