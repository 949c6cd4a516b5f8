/**
 * Installs the bundled sample: renders each fictional outlet's feed into <dataDir>/samples
 * and adds the outlet as a source reading that file. Safe to run again: sources are matched
 * by feed URL, and the items already stored are matched by GUID when the feeds are read.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "../store/db.ts";
import { findSourceByFeedUrl, upsertSource } from "../store/sources.ts";
import {
  feedFileName,
  readSampleArticles,
  readSampleNote,
  readSampleOutlets,
  renderSampleFeed,
} from "./sample-feeds.ts";

export interface SampleInstall {
  outlets: number;
  articles: number;
  sourcesAdded: number;
}

export async function installSampleSources(
  db: Db,
  options: { samplesDir: string; dataDir: string; now: Date },
): Promise<SampleInstall> {
  const outlets = readSampleOutlets(options.samplesDir);
  const articles = readSampleArticles(options.samplesDir);
  const note = readSampleNote(options.samplesDir);
  const dir = path.join(options.dataDir, "samples");
  await mkdir(dir, { recursive: true });
  let sourcesAdded = 0;
  for (const outlet of outlets) {
    const file = path.join(dir, feedFileName(outlet));
    await writeFile(file, renderSampleFeed(outlet, articles, options.now, note));
    const feedUrl = pathToFileURL(file).href;
    const existed = await findSourceByFeedUrl(db, feedUrl);
    await upsertSource(
      db,
      {
        name: outlet.name,
        homepage: outlet.homepage,
        feedUrl,
        language: outlet.language,
        licenceMode: "full",
        // A file: feed is local by definition; the operator installed it.
        allowPrivate: true,
      },
      options.now,
    );
    if (!existed) sourcesAdded++;
  }
  return { outlets: outlets.length, articles: articles.length, sourcesAdded };
}
