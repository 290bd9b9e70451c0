/** "Dr Ana Ruiz, MD" when credentials exist, else the name. */
export function nameWithCredentials(person: { name: string; credentials?: string | null }): string {
  return person.credentials ? `${person.name}, ${person.credentials}` : person.name
}
