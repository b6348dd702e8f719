/**
 * Preloaded (`node --require`) into every service the supervisor starts. The supervisor opens
 * an IPC channel to each child; the kernel closes it when the supervisor dies, however it dies
 * (SIGKILL, a crash, an OOM kill), and the child then sees 'disconnect'. The service is then
 * sent SIGTERM, so it stops exactly as when a supervisor stops it (its own graceful shutdown),
 * and killed outright if that has not ended it within 15 s (a service's own stop deadline is 10 s).
 *
 * An IPC channel rather than polling the parent pid: no timer, no race with pid reuse, and
 * nothing at all when a service runs without a supervisor (Kubernetes, a terminal).
 */

const ORPHAN_GRACE_MS = 15_000;

export function exitWithSupervisor(proc: NodeJS.Process = process): void {
  if (!proc.channel) return;
  proc.once('disconnect', () => {
    setTimeout(() => proc.kill(proc.pid, 'SIGKILL'), ORPHAN_GRACE_MS).unref();
    proc.kill(proc.pid, 'SIGTERM');
  });
  // Listening for 'disconnect' keeps the channel referenced; the service decides when it ends.
  proc.channel.unref();
}

exitWithSupervisor();
