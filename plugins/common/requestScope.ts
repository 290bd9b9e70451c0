/**
 * State that lives as long as one request and is shared by every hook that request runs.
 *
 * Payload hands hooks variations of the request an operation started from: `Object.create(req)`
 * with another locale, and — restoring a version, since 3.90 — a Proxy that isolates the locale
 * properties (`isolateObjectProperty`). State keyed by the object a hook happens to receive would
 * miss what an earlier hook of the same operation recorded: that is how restoring a draft version
 * once took a published article off the site with no reason and no record. A property under a
 * private symbol is found through both — property lookups follow the prototype chain, and the
 * Proxy forwards every key it does not isolate — so every hook sees one scope.
 */
const SCOPE = Symbol('causeway.requestScope')

type Scoped = { [SCOPE]?: Map<string, unknown> }

/** The request `req` derives from by `Object.create` (itself when it derives from none). */
function rootOf(req: object): object {
  let current: object = req
  for (;;) {
    const proto = Object.getPrototypeOf(current) as object | null
    if (!proto || proto === Object.prototype || !Object.prototype.hasOwnProperty.call(proto, 'payload')) return current
    current = proto
  }
}

/**
 * The value named `name` in `req`'s scope, made by `create` the first time it is asked for.
 * Only code that imports this module can reach the scope: unlike `req.context`, a Local API
 * caller cannot put anything into it.
 */
export function requestScoped<T>(req: object, name: string, create: () => T): T {
  let scope = (req as Scoped)[SCOPE]
  if (!scope) {
    scope = new Map()
    // Defined on the root, so requests derived from it later share it; through a Proxy this lands
    // on the Proxy's target.
    Object.defineProperty(rootOf(req), SCOPE, { value: scope, enumerable: false, configurable: false })
  }
  if (!scope.has(name)) scope.set(name, create())
  return scope.get(name) as T
}
