export interface SubgraphEndpoint {
  name: string;
  url: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Parses `name=url,name=url` (the `SUBGRAPH_URLS` format); throws a readable Error when malformed. */
export function parseSubgraphList(value: string): SubgraphEndpoint[] {
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (entries.length === 0) throw new Error('must name at least one subgraph as name=url');
  const seen = new Set<string>();
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    if (eq <= 0 || !NAME.test(name)) throw new Error(`"${entry}" is not name=url`);
    if (seen.has(name)) throw new Error(`subgraph "${name}" is listed twice`);
    seen.add(name);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`subgraph "${name}" has an invalid URL "${url}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`subgraph "${name}" URL must be http(s)`);
    }
    return { name, url: parsed.toString() };
  });
}
