import {createRequire} from 'node:module'
import type {SqlJsStatic} from 'sql.js'

let sqlJs: Promise<SqlJsStatic> | undefined

/**
 * sql.js (SQLite compiled to WebAssembly), loaded once: the real SQLite,
 * to read back what `writeSqlite` wrote and to compare with what SQLite
 * itself writes.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    const require = createRequire(import.meta.url)
    const init = require('sql.js') as (config?: object) => Promise<SqlJsStatic>
    sqlJs = init()
  }
  return sqlJs
}
