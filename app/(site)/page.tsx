import { ArticleList } from '@/components/ArticleList'
import { getNewestArticles, getSymptomsByBodyRegion } from '@/lib/data'

// Rendered per request so that builds never need a database; both reads come from the data
// cache (tags `articles`, `symptoms`), so a request does not touch the database.
export const dynamic = 'force-dynamic'

export default async function HomePage() {
  const [articles, regions] = await Promise.all([getNewestArticles(6), getSymptomsByBodyRegion()])
  return (
    <>
      <section className="intro" aria-labelledby="home-heading">
        <h1 id="home-heading">Why does it hurt there?</h1>
        <p className="lede">
          Plain answers to symptom questions, each one written by a health writer and signed off by a named clinician
          before you read it.
        </p>
      </section>

      <section aria-labelledby="newest-heading">
        <h2 id="newest-heading">Newest answers</h2>
        <ArticleList articles={articles} empty="No articles have been published yet." />
      </section>

      <section aria-labelledby="symptoms-heading">
        <h2 id="symptoms-heading">Browse by symptom</h2>
        {regions.length === 0 ? (
          <p className="empty">No symptoms have been published yet.</p>
        ) : (
          <div className="regions">
            {regions.map((group) => (
              <section key={group.region} aria-labelledby={`region-${group.region}`} className="region">
                <h3 id={`region-${group.region}`}>{group.label}</h3>
                <ul>
                  {group.symptoms.map((symptom) => (
                    <li key={symptom.id}>
                      <a className="symptom-name" href={`/symptoms/${symptom.slug}`}>
                        {symptom.name}
                      </a>
                      {symptom.summary ? <span className="symptom-summary">{symptom.summary}</span> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </section>
    </>
  )
}
