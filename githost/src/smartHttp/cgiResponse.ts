export interface CgiHead {
  status: number;
  headers: [string, string][];
  /** Offset of the body in the buffer that held the head. */
  bodyStart: number;
}

/** The CGI header block at the start of `buffer`, or undefined while it is incomplete. */
export function parseCgiHead(buffer: Buffer): CgiHead | undefined {
  let end = buffer.indexOf('\r\n\r\n');
  let separator = 4;
  const lf = buffer.indexOf('\n\n');
  if (lf !== -1 && (end === -1 || lf < end)) {
    end = lf;
    separator = 2;
  }
  if (end === -1) return undefined;
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of buffer.toString('latin1', 0, end).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers, bodyStart: end + separator };
}
