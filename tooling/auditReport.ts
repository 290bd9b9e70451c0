/** What `npm audit --omit=dev --json` printed, reduced to a verdict (pure; used by scripts/audit.ts). */
export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'failing'; packages: Array<{ name: string; severity: string; via: string[] }> }
  | { kind: 'unavailable'; reason: string }

type AuditJson = {
  error?: { code?: string; summary?: string }
  metadata?: { vulnerabilities?: Record<string, number> }
  vulnerabilities?: Record<
    string,
    { name: string; severity: string; via: Array<string | { title?: string; url?: string }> }
  >
}

export function auditVerdict(output: string): AuditVerdict {
  let report: AuditJson
  try {
    report = JSON.parse(output) as AuditJson
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no JSON' }
  }
  if (report.error || !report.metadata)
    return { kind: 'unavailable', reason: report.error?.summary || report.error?.code || 'no audit metadata' }
  const packages = Object.values(report.vulnerabilities ?? {})
    .filter((entry) => entry.severity === 'high' || entry.severity === 'critical')
    .map((entry) => ({
      name: entry.name,
      severity: entry.severity,
      via: entry.via.map((via) => (typeof via === 'string' ? via : `${via.title ?? ''} ${via.url ?? ''}`.trim())),
    }))
  return packages.length
    ? { kind: 'failing', packages }
    : { kind: 'clean', counts: report.metadata.vulnerabilities ?? {} }
}
