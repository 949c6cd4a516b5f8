/**
 * A loopback HTTP server for ingest tests (the only network tests may use). Each test gives
 * a handler; `requests` records what the fetcher sent so headers can be asserted.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LoopbackServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  host = "127.0.0.1",
): Promise<LoopbackServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
