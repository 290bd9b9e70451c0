import type pg from 'pg'

/** Alt text that makes the database refuse a media row (see refuseMediaRows). */
export const REFUSED_ALT = 'Refused by the database'

/**
 * Makes the database refuse every new media row whose alt text starts with REFUSED_ALT — after the
 * upload's files were written, as a constraint failing at the last moment would. Returns the undo.
 */
export async function refuseMediaRows(client: pg.Client): Promise<() => Promise<void>> {
  await client.query(`
    CREATE FUNCTION causeway_test_refuse_media() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.alt LIKE '${REFUSED_ALT}%' THEN RAISE EXCEPTION 'refused for the test'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_media BEFORE INSERT ON media FOR EACH ROW EXECUTE FUNCTION causeway_test_refuse_media();
  `)
  return async () => {
    await client.query('DROP TRIGGER refuse_media ON media; DROP FUNCTION causeway_test_refuse_media();')
  }
}
