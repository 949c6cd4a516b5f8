/**
 * A small leveled logger writing one line per event to stderr (stdout stays for command output).
 * Passed in to every stage; tests use `silentLogger`.
 */
export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (at: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] > ORDER[level]) return;
    const extra = fields
      ? ` ${Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`)
          .join(" ")}`
      : "";
    write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${msg}${extra}\n`);
  };
  return { error: emit("error"), warn: emit("warn"), info: emit("info"), debug: emit("debug") };
}

export const silentLogger: Logger = createLogger("silent");
