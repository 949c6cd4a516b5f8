/**
 * `prism start`: the whole newsroom in one process. Installs the sample sources on an empty
 * database, reads every due feed through the whole pipeline, serves the site, and keeps
 * polling feeds on their schedule until stopped (Ctrl-C).
 */
import type { App } from "../app.ts";
import { scheduleDueFeeds } from "../jobs/schedule.ts";
import { JOB_NAMES } from "../pipeline.ts";
import { installSampleSources } from "../samples/install-samples.ts";
import { listSources } from "../store/sources.ts";
import { drain } from "./drain.ts";
import type { Output } from "./output.ts";
import { listen } from "./serve.ts";
import { keepWorking } from "./work.ts";

export async function start(app: App, out: Output, signal: AbortSignal): Promise<number> {
  const { config } = app;
  out.error(
    `PRISM: database ${config.database.kind === "sqlite" ? config.database.file : "PostgreSQL"}, engine ${app.engine.name}`,
  );
  const sources = (await listSources(app.db)).length;
  if (config.sampleSources === "on" || (config.sampleSources === "auto" && sources === 0)) {
    const s = await installSampleSources(app.db, {
      samplesDir: app.samplesDir,
      dataDir: config.dataDir,
      now: app.clock.now(),
    });
    out.error(
      `sample sources: ${s.outlets} fictional outlets, ${s.articles} articles (${s.sourcesAdded} sources added)`,
    );
  }
  const queued = await scheduleDueFeeds(app.db, app.clock.now());
  out.error(`reading ${queued} due feed${queued === 1 ? "" : "s"}`);
  const { tally, waiting } = await drain(app, JOB_NAMES, "pipeline");
  for (const line of tally.lines()) out.error(line);
  if (waiting) out.error(`${waiting} jobs wait for a retry`);

  const server = await listen(app, out);
  out.line(`PRISM is serving ${config.site.url} (listening on ${server.address})`);

  // Keep reading feeds on their schedule while the site is up.
  await keepWorking(app, signal);
  await server.close();
  return 0;
}
