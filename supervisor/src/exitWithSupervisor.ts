import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Preloaded (`node --require`) into every service the supervisor starts. The supervisor opens
 * an IPC channel to each child; the kernel closes it when the supervisor dies, however it dies
 * (SIGKILL, a crash, an OOM kill), and the child then sees 'disconnect'. The service is then
 * sent SIGTERM, so it stops exactly as when a supervisor stops it (its own graceful shutdown),
 * and killed outright if that has not ended it within 15 s (a service's own stop deadline is 10 s).
 *
 * The backstop is a separate process, not a timer: the service's stdout pipe now has no reader,
 * and pino's flush at exit retries a failed write (EPIPE) forever, sleeping in Atomics.wait, so
 * that no timer of this process would ever fire again.
 *
 * An IPC channel rather than polling the parent pid: no timer, no race with pid reuse, and
 * nothing at all when a service runs without a supervisor (Kubernetes, a terminal).
 */

const ORPHAN_GRACE_SECONDS = 15;

export function exitWithSupervisor(proc: NodeJS.Process = process): void {
  if (!proc.channel) return;
  proc.once('disconnect', () => {
    const pid = proc.pid;
    // Killed only if it is still the same process (its start time), never a reused pid.
    const started = startTime(`/proc/${pid}/stat`);
    const sameProcess = `[ "$(sed 's/.*) //' /proc/${pid}/stat 2>/dev/null | cut -d' ' -f20)" = "${started}" ]`;
    spawn('sh', ['-c', `sleep ${ORPHAN_GRACE_SECONDS}; ${sameProcess} && kill -9 ${pid}`], {
      detached: true,
      stdio: 'ignore',
    }).unref();
    proc.kill(pid, 'SIGTERM');
  });
  // Listening for 'disconnect' keeps the channel referenced; the service decides when it ends.
  proc.channel.unref();
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces); '' off Linux. */
function startTime(statFile: string): string {
  try {
    const stat = readFileSync(statFile, 'utf8');
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

exitWithSupervisor();
