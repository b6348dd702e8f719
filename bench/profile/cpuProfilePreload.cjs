/**
 * `npm run bench -- --profile`: preloaded into every platform process through
 * `NODE_OPTIONS=--require <this file>` (Node 20 refuses `--cpu-prof` in NODE_OPTIONS, and the
 * supervisor, not the bench, spawns the services). It runs V8's CPU profiler from start to exit
 * every BENCH_CPU_PROFILE_INTERVAL_US microseconds (default 1000, `--cpu-prof`'s) and writes `<service>.<pid>.cpuprofile` into
 * BENCH_CPU_PROFILE_DIR, the same file `--cpu-prof` would write:
 * - on a normal exit (`process.exit`, as the gateway, githost and git proxy end on SIGTERM);
 * - when a process is about to die of SIGTERM/SIGINT that nothing else handles any more: the
 *   subgraphs' Apollo Server stops on SIGTERM and then re-raises it (`stopOnTerminationSignals`),
 *   and a death by signal writes nothing (`--cpu-prof` loses those profiles). This listener is
 *   registered first, so it runs first; it acts only when it is the last listener left, then
 *   removes itself and re-raises the signal, so the process still dies exactly as before.
 */
'use strict';
const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const { Session } = require('node:inspector');
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join, sep } = require('node:path');
  // gateway/dist/main.js -> gateway, subgraphs/issues/dist/main.js -> issues
  const script = process.argv[1] || 'node';
  const parts = script.split(sep);
  const dist = parts.lastIndexOf('dist');
  const name = dist > 0 ? parts[dist - 1] : parts[parts.length - 1].replace(/\.[cm]?[jt]s$/, '');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  const interval = Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US) || 1000;
  session.post('Profiler.setSamplingInterval', { interval });
  session.post('Profiler.start');
  let written = false;
  const writeProfile = () => {
    if (written) return;
    written = true;
    // An in-process session answers synchronously, so this completes before the process ends.
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.once('exit', writeProfile);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    const lastWords = () => {
      if (process.listenerCount(signal) > 1) return;
      writeProfile();
      process.removeListener(signal, lastWords);
      process.kill(process.pid, signal);
    };
    process.on(signal, lastWords);
  }
}
