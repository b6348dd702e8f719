import { SERVICE_DEFINITION_QUERY } from '@apollo/gateway';
import type { Fetcher } from '../subgraphs/BufferedResponse';
import type { SubgraphEndpoint } from '../subgraphs/parseSubgraphList';

/** Reads a federation subgraph's SDL with `{ _service { sdl } }`; throws when it is not up. */
export async function fetchSubgraphSdl(
  fetch: Fetcher,
  subgraph: SubgraphEndpoint,
): Promise<string> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: SERVICE_DEFINITION_QUERY }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as {
    data?: { _service?: { sdl?: unknown } };
    errors?: { message?: string }[];
  };
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    throw new Error(`no _service.sdl in the answer (${body.errors?.[0]?.message ?? 'no errors'})`);
  }
  return sdl;
}

/** True when the subgraph answers a trivial query (readiness). */
export async function probeSubgraph(fetch: Fetcher, subgraph: SubgraphEndpoint): Promise<void> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { __typename?: unknown } };
  if (typeof body.data?.__typename !== 'string') throw new Error('no __typename in the answer');
}
