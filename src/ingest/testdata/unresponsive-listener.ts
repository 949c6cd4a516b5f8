/**
 * A loopback port that never completes a TCP handshake, for connect-timeout tests. A worker
 * thread listens with a backlog of one and then blocks its event loop, so it never accepts; once
 * the kernel's accept queue is full (filled here), further SYNs are dropped and connect() hangs.
 * Nothing leaves the machine: the address is on the loopback interface.
 */
import net from "node:net";
import { Worker } from "node:worker_threads";

export interface UnresponsiveListener {
  url: string;
  close(): Promise<void>;
}

const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const net = require("node:net");
const server = net.createServer();
server.listen({ port: 0, host: workerData.host, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  // Blocks this thread's event loop until the test releases it: nothing is ever accepted.
  setImmediate(() => Atomics.wait(new Int32Array(workerData.flag), 0, 0));
});
`;

export async function startUnresponsiveListener(host = "127.0.0.1"): Promise<UnresponsiveListener> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, { eval: true, workerData: { host, flag } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  // Fill the accept queue (its length is the backlog plus one on Linux; a few more do no harm).
  const fillers = Array.from({ length: 4 }, () => net.connect(port, host).on("error", () => {}));
  return {
    url: `http://${host}:${port}`,
    async close() {
      for (const socket of fillers) socket.destroy();
      Atomics.store(new Int32Array(flag), 0, 1);
      Atomics.notify(new Int32Array(flag), 0);
      await worker.terminate();
    },
  };
}
