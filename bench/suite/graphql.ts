export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One POST; returns the HTTP status and the parsed body. */
export async function post<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
}

/** The data of a request that must succeed: any GraphQL error or non-2xx status throws. */
export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): Promise<T> {
  const { status, body } = await post<T>(url, query, variables, authorization);
  if (status < 200 || status >= 300 || body.errors || !body.data) {
    throw new Error(`${url} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
  return body.data;
}

/** The POST body autocannon sends. */
export function requestBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}
