import { APIError } from 'payload'

/**
 * A refused review action or write, with its 4xx status and a message that says what to do next.
 *
 * The name is a fixed string, not the class's own: in a production build the class is minified
 * to a nameless one, and Payload's error formatter — which, across Next.js's bundles, cannot
 * always recognise its own APIError by `instanceof` — passes a message on to the client only
 * when the error has a name. Without one a refusal reached the admin as "An unknown error
 * occurred.".
 */
export class WorkflowError extends APIError<{ reason: string }> {
  constructor(message: string, status: number, reason: string) {
    super(message, status, { reason }, true)
    this.name = 'WorkflowError'
  }
}
