import * as migration_20261125_234144_initial from './20261125_234144_initial'
import * as migration_20261126_003703_cause_articles from './20261126_003703_cause_articles'
import * as migration_20261126_013740_sign_off_ledger from './20261126_013740_sign_off_ledger'
import * as migration_20261126_022658_review_workflow from './20261126_022658_review_workflow'
import * as migration_20261126_040000_search_documents from './20261126_040000_search_documents'
import * as migration_20261126_041840_conditions_name_index from './20261126_041840_conditions_name_index'
import * as migration_20261126_060000_search_vector_inline from './20261126_060000_search_vector_inline'
import * as migration_20261201_142052_close_leaks_around_the_gate from './20261201_142052_close_leaks_around_the_gate'
import * as migration_20261201_202948_no_lost_updates from './20261201_202948_no_lost_updates'
import * as migration_20261201_233558_editorial_desk from './20261201_233558_editorial_desk'
import * as migration_20261202_000006_desk_tasks from './20261202_000006_desk_tasks'
import * as migration_20261202_040000_cache_invalidations from './20261202_040000_cache_invalidations'
import * as migration_20261202_095107_reader_feedback from './20261202_095107_reader_feedback'
import * as migration_20261202_100000_search_symptoms from './20261202_100000_search_symptoms'
import * as migration_20261202_100458_reference_checks_task from './20261202_100458_reference_checks_task'
import * as migration_20261202_112043_forget_feedback_clients_task from './20261202_112043_forget_feedback_clients_task'

export const migrations = [
  {
    up: migration_20261125_234144_initial.up,
    down: migration_20261125_234144_initial.down,
    name: '20261125_234144_initial',
  },
  {
    up: migration_20261126_003703_cause_articles.up,
    down: migration_20261126_003703_cause_articles.down,
    name: '20261126_003703_cause_articles',
  },
  {
    up: migration_20261126_013740_sign_off_ledger.up,
    down: migration_20261126_013740_sign_off_ledger.down,
    name: '20261126_013740_sign_off_ledger',
  },
  {
    up: migration_20261126_022658_review_workflow.up,
    down: migration_20261126_022658_review_workflow.down,
    name: '20261126_022658_review_workflow',
  },
  {
    up: migration_20261126_040000_search_documents.up,
    down: migration_20261126_040000_search_documents.down,
    name: '20261126_040000_search_documents',
  },
  {
    up: migration_20261126_041840_conditions_name_index.up,
    down: migration_20261126_041840_conditions_name_index.down,
    name: '20261126_041840_conditions_name_index',
  },
  {
    up: migration_20261126_060000_search_vector_inline.up,
    down: migration_20261126_060000_search_vector_inline.down,
    name: '20261126_060000_search_vector_inline',
  },
  {
    up: migration_20261201_142052_close_leaks_around_the_gate.up,
    down: migration_20261201_142052_close_leaks_around_the_gate.down,
    name: '20261201_142052_close_leaks_around_the_gate',
  },
  {
    up: migration_20261201_202948_no_lost_updates.up,
    down: migration_20261201_202948_no_lost_updates.down,
    name: '20261201_202948_no_lost_updates',
  },
  {
    up: migration_20261201_233558_editorial_desk.up,
    down: migration_20261201_233558_editorial_desk.down,
    name: '20261201_233558_editorial_desk',
  },
  {
    up: migration_20261202_000006_desk_tasks.up,
    down: migration_20261202_000006_desk_tasks.down,
    name: '20261202_000006_desk_tasks',
  },
  {
    up: migration_20261202_040000_cache_invalidations.up,
    down: migration_20261202_040000_cache_invalidations.down,
    name: '20261202_040000_cache_invalidations',
  },
  {
    up: migration_20261202_095107_reader_feedback.up,
    down: migration_20261202_095107_reader_feedback.down,
    name: '20261202_095107_reader_feedback',
  },
  {
    up: migration_20261202_100000_search_symptoms.up,
    down: migration_20261202_100000_search_symptoms.down,
    name: '20261202_100000_search_symptoms',
  },
  {
    up: migration_20261202_100458_reference_checks_task.up,
    down: migration_20261202_100458_reference_checks_task.down,
    name: '20261202_100458_reference_checks_task',
  },
  {
    up: migration_20261202_112043_forget_feedback_clients_task.up,
    down: migration_20261202_112043_forget_feedback_clients_task.down,
    name: '20261202_112043_forget_feedback_clients_task',
  },
]
