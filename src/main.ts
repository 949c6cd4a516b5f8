/**
 * Process entry: `prism <command>`. Parses arguments, loads the config once, builds the app and
 * hands it to one command. Exit codes: 0 done, 1 failed, 2 bad arguments or configuration,
 * 3 done but some work failed (the command printed which).
 */
import { Command, CommanderError } from "commander";
import { type App, createApp, VERSION } from "./app.ts";
import { analyzeCommand } from "./cli/analyze.ts";
import { commentsApprove, commentsList, commentsReject } from "./cli/comments.ts";
import { processOutput } from "./cli/output.ts";
import { reportsClose, reportsList } from "./cli/reports.ts";
import { reviewApprove, reviewList, reviewReject } from "./cli/review.ts";
import { serveCommand } from "./cli/serve.ts";
import { sourcesAdd, sourcesExport, sourcesImport, sourcesList } from "./cli/sources.ts";
import { clusterCommand, ingestCommand } from "./cli/stages.ts";
import { start } from "./cli/start.ts";
import { usageCommand } from "./cli/usage.ts";
import { workCommand } from "./cli/work.ts";
import { loadConfig } from "./config.ts";
import { NotFoundError, UserInputError } from "./lib/errors.ts";

const out = processOutput;

async function withApp(run: (app: App, signal: AbortSignal) => Promise<number>): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    process.exitCode = await run(app, controller.signal);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await app.close();
  }
}

const program = new Command()
  .name("prism")
  .description("PRISM: a self-hosted AI newsroom")
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .showHelpAfterError("(run `prism --help` for the commands)");

program
  .command("start")
  .description("read the sources, build stories, write and publish analyses, then serve the site")
  .action(() => withApp((app, signal) => start(app, out, signal)));

program
  .command("serve")
  .description("serve the site, API and feeds from the database (no feed reading)")
  .action(() => withApp((app, signal) => serveCommand(app, out, signal)));

program
  .command("work")
  .description("run the pipeline worker: read feeds on schedule and process every job")
  .action(() => withApp((app, signal) => workCommand(app, out, signal)));

program
  .command("ingest")
  .description("read every source now (or one) and store new articles")
  .option("--source <id>", "read only this source")
  .action((options: { source?: string }) => withApp((app) => ingestCommand(app, out, options)));

program
  .command("cluster")
  .description("group stored articles into stories")
  .action(() => withApp((app) => clusterCommand(app, out)));

program
  .command("analyze")
  .argument("[storyId]", "write the analysis of this story only")
  .option("--engine <engine>", "builtin, or model (the one ENGINE and MODEL_* configure)")
  .option("--dry-run", "draft and verify without storing; print the draft and its verification report")
  .option("--json", "with --dry-run, print JSON")
  .description("write, verify and publish analyses of stories with enough sources")
  .action((storyId: string | undefined, options: { engine?: string; dryRun?: boolean; json?: boolean }) =>
    withApp((app) => analyzeCommand(app, out, storyId, options)),
  );

const review = program.command("review").description("analyses the publish policy held for an editor");
review
  .command("list", { isDefault: true })
  .option("--status <status>", "needs-review or rejected", "needs-review")
  .option("--limit <n>", "at most this many, most recently held first", "50")
  .option("--json", "print JSON")
  .description("list analyses waiting for review, with the reasons they were held")
  .action((options: { status?: string; limit?: string; json?: boolean }) =>
    withApp((app) => reviewList(app, out, options)),
  );
review
  .command("approve")
  .argument("<id...>", "analysis ids")
  .option("--note <text>", "why, for the record")
  .description("publish the version waiting for review")
  .action((ids: string[], options: { note?: string }) => withApp((app) => reviewApprove(app, out, ids, options)));
review
  .command("reject")
  .argument("<id...>", "analysis ids")
  .option("--reason <text>", "why, for the record")
  .description("keep the version waiting for review off the site")
  .action((ids: string[], options: { reason?: string }) => withApp((app) => reviewReject(app, out, ids, options)));

program
  .command("usage")
  .option("--months <n>", "this many months, this one included", "3")
  .option("--json", "print JSON")
  .description("model calls, tokens, estimated cost and latency from the usage ledger")
  .action((options: { months?: string; json?: boolean }) => withApp((app) => usageCommand(app, out, options)));

const sources = program.command("sources").description("the outlets PRISM reads");
sources
  .command("add")
  .argument("<feed-url>", "RSS, Atom, RDF or JSON Feed URL (http, https or file)")
  .option("--name <name>", "outlet name")
  .option("--homepage <url>", "outlet homepage")
  .option("--licence <mode>", "full (store extracted text) or abstract (title and summary only)", "full")
  .option("--allow-private", "allow a feed on a private or loopback address")
  .description("add a source")
  .action((url: string, options) => withApp((app) => sourcesAdd(app, out, url, options)));
sources
  .command("list")
  .option("--json", "print JSON")
  .description("list sources with their last success, last error and next poll")
  .action((options: { json?: boolean }) => withApp((app) => sourcesList(app, out, options)));
sources
  .command("import")
  .argument("<file.opml>", "an OPML subscription list")
  .option("--allow-private", "allow feeds on private or loopback addresses")
  .description("add every feed of an OPML file")
  .action((file: string, options: { allowPrivate?: boolean }) =>
    withApp((app) => sourcesImport(app, out, file, options)),
  );
sources
  .command("export")
  .description("print the sources as OPML")
  .action(() => withApp((app) => sourcesExport(app, out)));

const comments = program.command("comments").description("readers' Thoughts: the moderation queue");
comments
  .command("list", { isDefault: true })
  .option("--status <status>", "pending, approved, rejected, spam or all", "pending")
  .option("--limit <n>", "at most this many, newest first", "50")
  .option("--json", "print JSON")
  .description("list comments (pending ones by default)")
  .action((options: { status?: string; limit?: string; json?: boolean }) =>
    withApp((app) => commentsList(app, out, options)),
  );
comments
  .command("approve")
  .argument("<id...>", "comment ids")
  .description("show comments on their pages")
  .action((ids: string[]) => withApp((app) => commentsApprove(app, out, ids)));
comments
  .command("reject")
  .argument("<id...>", "comment ids")
  .option("--spam", "mark as spam rather than rejected")
  .option("--reason <text>", "why, for the record")
  .description("hide comments")
  .action((ids: string[], options: { spam?: boolean; reason?: string }) =>
    withApp((app) => commentsReject(app, out, ids, options)),
  );

const reports = program.command("reports").description("readers' error reports on analyses");
reports
  .command("list", { isDefault: true })
  .option("--status <status>", "open, resolved, dismissed or all", "open")
  .option("--limit <n>", "at most this many, newest first", "50")
  .option("--json", "print JSON")
  .description("list error reports (open ones by default)")
  .action((options: { status?: string; limit?: string; json?: boolean }) =>
    withApp((app) => reportsList(app, out, options)),
  );
reports
  .command("resolve")
  .argument("<id...>", "report ids")
  .option("--note <text>", "what was done")
  .description("close reports that led to a correction")
  .action((ids: string[], options: { note?: string }) =>
    withApp((app) => reportsClose(app, out, "resolved", ids, options)),
  );
reports
  .command("dismiss")
  .argument("<id...>", "report ids")
  .option("--note <text>", "why")
  .description("close reports that needed no change")
  .action((ids: string[], options: { note?: string }) =>
    withApp((app) => reportsClose(app, out, "dismissed", ids, options)),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserInputError || error instanceof NotFoundError) {
    out.error(`prism: ${error.message}`);
    process.exitCode = 2;
  } else {
    out.error(`prism: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.LOG_LEVEL === "debug" && error instanceof Error) out.error(error.stack ?? "");
    process.exitCode = 1;
  }
}
