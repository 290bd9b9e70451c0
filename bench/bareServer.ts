/**
 * The benchmark's yardstick, run as its own process (`node --import tsx bareServer.ts <file>`):
 * a bare Node `http` server answering every request with the bytes of <file> from memory. It
 * has its own event loop, as Next.js has, so the load generator does not share one with it.
 * Tells its parent the port over IPC, then serves until killed.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'

const file = process.argv[2]
if (!file || !process.send) {
  console.error('Usage: started by bench/main.ts with an HTML file and an IPC channel.')
  process.exit(2)
}
const body = readFileSync(file)
const headers = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) }

const server = http.createServer((_request, response) => {
  response.writeHead(200, headers)
  response.end(body)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
})
// Ends with the parent, even if the parent dies without killing it.
process.on('disconnect', () => process.exit(0))
