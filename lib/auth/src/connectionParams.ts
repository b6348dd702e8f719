import { decodeJwt } from 'jose';

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

/**
 * When the session in an already verified `Bearer` header expires (epoch ms); undefined when the
 * header is absent or its token has no `exp`. Long-lived connections close at that moment.
 */
export function sessionExpiresAt(header: string | undefined): number | undefined {
  const token = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) return undefined;
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? exp * 1000 : undefined;
}
