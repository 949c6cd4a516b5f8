/**
 * Progress for long work on the command line: a single updating line on a terminal, a line
 * every few seconds otherwise (logs, CI). Written to stderr so stdout stays parseable.
 */
export interface Progress {
  tick(label?: string): void;
  done(summary?: string): void;
}

export function createProgress(
  title: string,
  total: number | undefined,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  let count = 0;
  let lastPrint = 0;
  const tty = Boolean(stream.isTTY);
  const line = (label?: string) =>
    `${title}: ${count}${total !== undefined ? `/${total}` : ""}${label ? ` ${label}` : ""}`;
  return {
    tick(label) {
      count++;
      const now = Date.now();
      if (tty) {
        stream.write(`\r\x1b[2K${line(label).slice(0, (stream.columns || 100) - 1)}`);
      } else if (now - lastPrint > 3000 || count === total) {
        stream.write(`${line(label)}\n`);
        lastPrint = now;
      }
    },
    done(summary) {
      if (tty) stream.write("\r\x1b[2K");
      stream.write(`${title}: ${summary ?? `${count} done`}\n`);
    },
  };
}
