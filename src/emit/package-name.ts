/**
 * Names Anki takes for a whole collection. Its desktop importer lower-cases
 * the file name and sends `collection.apkg`, `backup-*.apkg` and `*.colpkg`
 * to the collection restore, which offers to replace the student's whole
 * collection with the file (`qt/aqt/import_export/importing.py`,
 * `ColpkgImporter.can_import`, and `qt/aqt/importing.py` before 2.1.55);
 * AnkiDroid does so for exactly `collection.apkg` and `*.colpkg`
 * (`ImportUtils.isCollectionPackage`). docs/anki.md cites the lines.
 */
export function isCollectionName(fileName: string): boolean {
  const name = fileName.toLowerCase()
  return name === 'collection.apkg' || (name.startsWith('backup-') && name.endsWith('.apkg')) || name.endsWith('.colpkg')
}

/** What a renamed package is prefixed with. */
export const safePrefix = 'deck-'

/**
 * A document's package name (an output name without `.apkg`: `bio/cells`),
 * made safe: one Anki would take for a collection gets `deck-` in front of
 * its file name (`bio/collection` → `bio/deck-collection`).
 */
export function packageName(name: string): string {
  const slash = name.lastIndexOf('/')
  const folder = name.slice(0, slash + 1)
  const base = name.slice(slash + 1)
  return isCollectionName(base + '.apkg') ? folder + safePrefix + base : name
}
