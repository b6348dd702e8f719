/**
 * The `Authorization` value a graphql-ws client sent in its `connectionParams`
 * (`{ authorization: "Bearer …" }`); undefined when absent or empty (anonymous).
 */
export function authorizationFromConnectionParams(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
