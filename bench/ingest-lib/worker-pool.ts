/**
 * Runs tasks on a few worker threads with a time limit each; a worker that overruns is
 * terminated and replaced, and its task reported as a hang. Workers load TypeScript through tsx.
 */
import { Worker } from "node:worker_threads";

export type PoolOutcome<R> = { result: R } | { hang: true };

export async function runPool<T extends { id: number }, R>(
  workerUrl: URL,
  tasks: readonly T[],
  options: { workers: number; timeoutMs: number; onDone?: (task: T, outcome: PoolOutcome<R>) => void },
): Promise<Map<number, PoolOutcome<R>>> {
  const outcomes = new Map<number, PoolOutcome<R>>();
  let next = 0;
  const lane = async () => {
    // Node 20 does not pass tsx's loader on to worker threads, so each worker registers it first.
    const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
    const spawn = () => new Worker(boot, { eval: true });
    let worker = spawn();
    try {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        const outcome = await new Promise<PoolOutcome<R>>((resolve) => {
          const timer = setTimeout(() => resolve({ hang: true }), options.timeoutMs);
          const onMessage = (message: R & { id: number }) => {
            if (message.id !== task.id) return;
            clearTimeout(timer);
            worker.off("message", onMessage);
            resolve({ result: message });
          };
          worker.on("message", onMessage);
          worker.postMessage(task);
        });
        if ("hang" in outcome) {
          await worker.terminate();
          worker = spawn();
        }
        outcomes.set(task.id, outcome);
        options.onDone?.(task, outcome);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, lane));
  return outcomes;
}
