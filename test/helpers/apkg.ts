import {unzipSync, zipSync} from 'fflate'
import {loadSqlJs} from './sqljs.js'

/** An `.apkg` read back: its zip entries and its SQLite collection as plain rows. */
export interface ApkgContents {
  entries: string[]
  media: Record<string, string>
  files: Record<string, Uint8Array>
  col: Record<string, unknown>
  models: Record<string, any>
  decks: Record<string, any>
  dconf: Record<string, any>
  notes: Array<Record<string, any>>
  cards: Array<Record<string, any>>
}

export async function readApkg(bytes: Uint8Array): Promise<ApkgContents> {
  const files = unzipSync(bytes)
  const SQL = await loadSqlJs()
  const db = new SQL.Database(files['collection.anki2'])
  try {
    const rows = (sql: string) => {
      const result = db.exec(sql)[0]
      if (!result) return []
      return result.values.map((values) => Object.fromEntries(result.columns.map((column, index) => [column, values[index]])))
    }
    const col = rows('SELECT * FROM col')[0]
    return {
      entries: Object.keys(files),
      media: JSON.parse(new TextDecoder().decode(files.media)),
      files,
      col,
      models: JSON.parse(col.models as string),
      decks: JSON.parse(col.decks as string),
      dconf: JSON.parse(col.dconf as string),
      notes: rows('SELECT * FROM notes ORDER BY id'),
      cards: rows('SELECT * FROM cards ORDER BY id')
    }
  } finally {
    db.close()
  }
}

/** The package with SQL statements run on its collection (a package as another writer would have made it). */
export async function rewriteApkg(bytes: Uint8Array, statements: Array<[string, Array<string | number>]>): Promise<Uint8Array> {
  const files = unzipSync(bytes)
  const SQL = await loadSqlJs()
  const db = new SQL.Database(files['collection.anki2'])
  try {
    for (const [sql, values] of statements) db.run(sql, values)
    files['collection.anki2'] = new Uint8Array(db.export())
  } finally {
    db.close()
  }
  return zipSync(files)
}
