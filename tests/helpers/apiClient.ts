/**
 * Payload's REST and GraphQL handlers — the same ones app/(payload)/api serves — called with a
 * real `Request`, so integration tests exercise the HTTP surface without starting Next.js.
 */
import config from '@payload-config'
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { handleEndpoints } from 'payload'

const ORIGIN = 'http://localhost:3000'

export async function rest(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token, headers, ...rest } = init
  const request = new Request(`${ORIGIN}/api${path}`, {
    ...rest,
    headers: {
      // A multipart body sets its own content type (with the boundary).
      ...(rest.body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `JWT ${token}` } : {}),
      ...headers,
    },
  })
  return handleEndpoints({ config, request })
}

const graphqlHandler = GRAPHQL_POST(config)

export async function graphql(
  query: string,
  token?: string,
): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const request = new Request(`${ORIGIN}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
    body: JSON.stringify({ query }),
  })
  const response = await graphqlHandler(request)
  return response.json()
}
