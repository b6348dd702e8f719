import type { ReceivePackCommands } from './receivePackCommands';

/** The largest side-band packet: 65520 bytes with side-band-64k, 1000 with side-band. */
const SIDEBAND_64K = 65520;
const SIDEBAND = 1000;

const pkt = (payload: Buffer | string): Buffer => {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([Buffer.from((data.length + 4).toString(16).padStart(4, '0')), data]);
};

const FLUSH = Buffer.from('0000');

/** `data` on side-band channel `band`, in packets no larger than `max`. */
function sideband(band: 1 | 2, data: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += max - 5) {
    out.push(pkt(Buffer.concat([Buffer.from([band]), data.subarray(at, at + max - 5)])));
  }
  return out;
}

/**
 * A complete git-receive-pack result refusing every ref of the push, as git-receive-pack itself
 * answers a failed push: `message` on side-band channel 2 (git prints it as `remote: ...`) when
 * the client asked for side-band, then the report-status (`unpack <reason>`, `ng <ref> <reason>`
 * per ref) so that `git push` marks each ref rejected and exits non-zero. Without report-status
 * or commands (a gzip body), only the message and the `unpack` line.
 */
export function receivePackRefusal(
  commands: ReceivePackCommands | undefined,
  message: string,
  reason: string,
): Buffer {
  const caps = commands?.capabilities ?? new Set<string>(['report-status', 'side-band-64k']);
  const oneLine = reason.replace(/[\r\n]+/g, ' ');
  const report = Buffer.concat([
    pkt(`unpack ${oneLine}\n`),
    ...(commands?.refs ?? []).map((ref) => pkt(`ng ${ref} ${oneLine}\n`)),
    FLUSH,
  ]);
  const reports = caps.has('report-status') || caps.has('report-status-v2');
  const max = caps.has('side-band-64k') ? SIDEBAND_64K : caps.has('side-band') ? SIDEBAND : 0;
  if (max === 0) return reports ? report : FLUSH;
  const lines = Buffer.from(
    message
      .split('\n')
      .map((line) => `${line}\n`)
      .join(''),
    'utf8',
  );
  return Buffer.concat([
    ...sideband(2, lines, max),
    ...(reports ? sideband(1, report, max) : []),
    FLUSH,
  ]);
}
