/**
 * 10 000 articles' worth of rows, written with `generate_series` in a few seconds, shaped like
 * `npm run seed:large`'s data set where the query planner looks: 60 symptoms, 500 conditions,
 * five causes per article each linking a condition, six versions per article (rels and causes
 * on every version), 80 % published, the review stages mixed, review dates spread over the
 * coming year with a few weeks overdue (as when the daily expiry job runs), a publication record and a search entry per published article. Only the columns the hot
 * queries read are filled; seed:large itself takes minutes, too long for every test run.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { sqlFor } from '@/plugins/common/sql'

export const SCALE = {
  articles: 10_000,
  symptoms: 60,
  conditions: 500,
  reviewers: 20,
  versionsPerArticle: 6,
  causesPerArticle: 5,
}

// Rich text about as long as a real article's, so the tables have their real size on disk (the
// planner weighs a sequential scan by pages, and tiny rows would make every table look cheap).
const sentence = 'A short sentence about what the symptom can mean and what helps. '
const INTRO = sentence.repeat(10)
const SEEK_CARE = sentence.repeat(5)
const TAKEAWAY = sentence.repeat(2)
const CAUSE = sentence.repeat(6)
const SUMMARY = sentence.repeat(3).slice(0, 200)
const richText = (text: string) =>
  sql`${JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } })}::jsonb`

export async function fillAtScale(payload: Payload): Promise<void> {
  const { db } = await sqlFor(payload)
  const { articles, symptoms, conditions, reviewers, versionsPerArticle: versions, causesPerArticle: causes } = SCALE
  const statements = [
    sql`INSERT INTO users (id, name, email, updated_at, created_at)
        SELECT i, 'Person ' || i, 'person' || i || '@scale.example', now(), now() FROM generate_series(1, ${reviewers}) i`,
    sql`INSERT INTO symptoms (id, name, slug, body_region, updated_at, created_at)
        SELECT i, 'Symptom ' || i, 'symptom-' || i, 'back', now(), now() FROM generate_series(1, ${symptoms}) i`,
    sql`INSERT INTO conditions (id, name, slug, summary, _status, review_stage, updated_at, created_at)
        SELECT i, 'Condition ' || lpad(i::text, 4, '0'), 'condition-' || i, 'A condition.', 'published', 'published', now(), now()
        FROM generate_series(1, ${conditions}) i`,
    sql`INSERT INTO _conditions_v (parent_id, version_name, version_slug, version__status, version_review_stage, latest, created_at, updated_at)
        SELECT i, 'Condition ' || lpad(i::text, 4, '0'), 'condition-' || i, 'published', 'published', true, now(), now()
        FROM generate_series(1, ${conditions}) i`,
    // Stage by i % 10: 0 draft, 1 in review, 2–9 published (one in 20 of those with changes requested on a newer draft).
    sql`INSERT INTO articles (id, question, summary, intro, when_to_seek_care, takeaway, slug, author_id, _status, review_stage,
          assigned_reviewer_id, sign_off_hash, sign_off_next_review_due, updated_at, created_at)
        SELECT i, 'Why does symptom ' || i || ' happen?', ${SUMMARY}, ${richText(INTRO)}, ${richText(SEEK_CARE)}, ${richText(TAKEAWAY)},
          'article-' || i, 1 + i % ${reviewers},
          CASE WHEN i % 10 >= 2 THEN 'published' ELSE 'draft' END::enum_articles_status,
          CASE WHEN i % 10 = 0 THEN 'draft' WHEN i % 10 = 1 THEN 'in-review' ELSE 'published' END::enum_articles_review_stage,
          1 + (i * 7) % ${reviewers},
          CASE WHEN i % 10 >= 2 THEN md5(i::text) END,
          CASE WHEN i % 10 >= 2 THEN now() - interval '30 days' + (i % 395) * interval '1 day' END,
          now() - i * interval '1 hour', now() - i * interval '1 hour'
        FROM generate_series(1, ${articles}) i`,
    sql`INSERT INTO articles_rels ("order", parent_id, path, symptoms_id)
        SELECT 1, i, 'symptoms', 1 + (i * 7) % ${symptoms} FROM generate_series(1, ${articles}) i`,
    sql`INSERT INTO articles_rels ("order", parent_id, path, conditions_id)
        SELECT 1, i, 'causes.' || k || '.conditions', 1 + (i * 13 + k * 101) % ${conditions}
        FROM generate_series(1, ${articles}) i, generate_series(0, ${causes - 1}) k`,
    sql`INSERT INTO articles_causes (_order, _parent_id, id, heading, explanation)
        SELECT k + 1, i, i || '-' || k, 'Cause ' || k, ${richText(CAUSE)} FROM generate_series(1, ${articles}) i, generate_series(0, ${causes - 1}) k`,
    sql`INSERT INTO _articles_v (id, parent_id, version_question, version_summary, version_intro, version_when_to_seek_care,
          version_takeaway, version_slug, version_author_id, version__status, version_review_stage, version_assigned_reviewer_id,
          latest, autosave, version_updated_at, version_created_at, created_at, updated_at)
        SELECT (i - 1) * ${versions} + v, i, 'Why does symptom ' || i || ' happen?', ${SUMMARY}, ${richText(INTRO)},
          ${richText(SEEK_CARE)}, ${richText(TAKEAWAY)}, 'article-' || i, 1 + i % ${reviewers},
          CASE WHEN v = ${versions} AND i % 10 >= 2 THEN 'published' ELSE 'draft' END::enum__articles_v_version_status,
          CASE WHEN v < ${versions} THEN 'draft' WHEN i % 10 = 0 THEN 'draft' WHEN i % 10 = 1 THEN 'in-review'
               WHEN i % 20 = 2 THEN 'changes-requested' ELSE 'published' END::enum__articles_v_version_review_stage,
          1 + (i * 7) % ${reviewers}, v = ${versions}, false,
          now() - i * interval '1 hour' + v * interval '1 minute', now() - i * interval '1 hour',
          now() - i * interval '1 hour' + v * interval '1 minute', now() - i * interval '1 hour' + v * interval '1 minute'
        FROM generate_series(1, ${articles}) i, generate_series(1, ${versions}) v`,
    sql`INSERT INTO _articles_v_rels ("order", parent_id, path, symptoms_id)
        SELECT 1, id, 'version.symptoms', 1 + (parent_id * 7) % ${symptoms} FROM _articles_v`,
    sql`INSERT INTO _articles_v_rels ("order", parent_id, path, conditions_id)
        SELECT 1, v.id, 'version.causes.' || k || '.conditions', 1 + (v.parent_id * 13 + k * 101) % ${conditions}
        FROM _articles_v v, generate_series(0, ${causes - 1}) k`,
    sql`INSERT INTO _articles_v_version_causes (_order, _parent_id, heading, explanation)
        SELECT k + 1, v.id, 'Cause ' || k, ${richText(CAUSE)} FROM _articles_v v, generate_series(0, ${causes - 1}) k`,
    sql`INSERT INTO publications (subject_collection, subject_id, subject_title, action, at, updated_at, created_at)
        SELECT 'articles', id::text, question, 'publish', updated_at, updated_at, updated_at FROM articles WHERE _status = 'published'`,
    sql`INSERT INTO search_documents (collection, doc_id, title, slug, summary, body, vector, updated_at)
        SELECT 'articles', id, question, slug, summary, summary,
          setweight(to_tsvector('english', question), 'A') ||
          setweight(to_tsvector('english', CASE WHEN id % 40 = 0 THEN 'pain after running' ELSE 'pain at rest' END), 'C'), now()
        FROM articles WHERE _status = 'published'`,
    sql.raw(`SELECT setval(pg_get_serial_sequence('_articles_v', 'id'), (SELECT max(id) FROM _articles_v))`),
    sql.raw(`SELECT setval(pg_get_serial_sequence('articles', 'id'), ${articles})`),
    sql.raw('ANALYZE'),
  ]
  for (const statement of statements) await db.execute(statement)
}
