// A pool worker: sleeps on the job counter, claims chunks of the current job, runs them.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Task, TaskArgs } from './task';
import { CTL, claimChunk, finishChunk, type Job } from './protocol';

const { ctl, port, index } = workerData as { ctl: Int32Array; port: MessagePort; index: number };

// Tell the main thread when this thread stops for any reason, so it fails instead of waiting.
process.on('exit', () => {
  Atomics.store(ctl, CTL.deadBase + index, 1);
  Atomics.notify(ctl, CTL.done);
});

const modules = new Map<string, Record<string, Task>>();
function resolve(module: string, name: string): Task {
  let m = modules.get(module);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the task's module is known only at run time
  if (!m) modules.set(module, (m = require(module) as Record<string, Task>));
  const t = m[name];
  if (!t || typeof t.run !== 'function') throw new Error(`${module} exports no task '${name}'`);
  return t;
}

let seen = 0;
let job: Job | undefined;
for (;;) {
  Atomics.wait(ctl, CTL.seq, seen);
  seen = Atomics.load(ctl, CTL.seq);
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) job = m.message as Job;
  if (!job || job.seq !== seen) continue;
  const args = job.args as TaskArgs;
  for (let c = claimChunk(ctl, job); c >= 0; c = claimChunk(ctl, job)) {
    try {
      resolve(job.module, job.name).run(args, job.bounds[c], job.bounds[c + 1]);
    } catch (e) {
      const err = e as Error & { field?: string; reason?: string; index?: number };
      port.postMessage({
        seq: job.seq,
        error: { name: err.name, message: err.message, field: err.field, reason: err.reason, index: err.index },
      });
      Atomics.store(ctl, CTL.failed, 1);
    }
    finishChunk(ctl);
  }
}
