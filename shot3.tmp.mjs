import { chromium } from '@playwright/test'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] })
const pages = process.argv.slice(2)
for (const path of pages) {
  const p = await b.newPage({ viewport: { width: 1280, height: 900 } })
  await p.goto('http://localhost:3000' + path, { timeout: 120000 })
  await p.screenshot({ path: `/tmp/e2e/page-${path.replace(/\W+/g, '_')}.png`, fullPage: true })
  await p.close()
}
await b.close()
