/**
 * The request an operation started from. Payload sometimes hands hooks a derived request
 * (`Object.create(req)` with a different locale, as restoring a version does), so state kept per
 * request must be keyed by the object it derives from, or a hook would miss what an earlier hook
 * of the same operation recorded.
 */
export function requestRoot<T extends object>(req: T): T {
  let current: object = req
  for (;;) {
    const proto = Object.getPrototypeOf(current) as object | null
    if (!proto || proto === Object.prototype || !Object.prototype.hasOwnProperty.call(proto, 'payload')) return current as T
    current = proto
  }
}
