import { APIError } from 'payload'

/**
 * An expected refusal — a 4xx whose message says what to do next — thrown from a hook or guard.
 *
 * Use it instead of a bare `new APIError(...)`: the name is a fixed string. In a production
 * build classes are minified to nameless ones, and Payload's error formatter — which, across
 * Next.js's bundles, cannot always recognise its own APIError by `instanceof` — passes a message
 * on to the client only when the error has a name. A bare APIError's message reached the admin
 * as "An unknown error occurred."
 */
export class Refusal<TData extends object | null = Record<string, unknown>> extends APIError<TData> {
  constructor(message: string, status: number, data: TData) {
    super(message, status, data, true)
    this.name = 'Refusal'
  }
}
