import type { Metadata } from 'next'
import type { ReactNode } from 'react'

import { SITE_DISCLAIMER } from '@/lib/reader/siteText'
import { serverUrl } from '@/lib/runtimeConfig'

import './styles.css'

export const metadata: Metadata = {
  metadataBase: new URL(serverUrl(process.env)),
  title: { default: 'Causeway — medically reviewed answers', template: '%s · Causeway' },
  description: 'Answers to symptom questions, written by health writers and signed off by named clinicians.',
}

export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container">
            <a className="wordmark" href="/">
              Causeway
            </a>
            <form className="header-search" action="/search" method="get" role="search" aria-label="Site search">
              <label htmlFor="header-q" className="visually-hidden">
                Search
              </label>
              <input id="header-q" name="q" type="search" placeholder="Symptom or cause" maxLength={200} />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{SITE_DISCLAIMER}</p>
          </div>
        </footer>
      </body>
    </html>
  )
}
