/**
 * Refuses request bodies Payload's REST handlers would answer with a 500: JSON that is not an
 * object (`null`, `"x"`, `[]`) and multipart bodies that cannot be parsed. Run by `proxy.ts` in
 * front of `/api/*`; returns the 400 response, or null to let the request through.
 */
const WRITES = new Set(['POST', 'PATCH', 'PUT'])

const refuse = (message: string) => Response.json({ errors: [{ message }] }, { status: 400 })

export async function refuseMalformedBody(request: Request): Promise<Response | null> {
  if (!WRITES.has(request.method.toUpperCase()) || !request.body) return null
  const type = request.headers.get('content-type')?.toLowerCase() ?? ''
  if (type.startsWith('application/json')) {
    const text = await request.clone().text()
    if (!text.trim()) return null
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return refuse('The request body is not valid JSON.')
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return refuse('The request body must be a JSON object.')
    return null
  }
  if (type.startsWith('multipart/form-data')) {
    try {
      await request.clone().formData()
    } catch {
      return refuse('The multipart body could not be read. Send the file again as multipart/form-data.')
    }
  }
  return null
}
