/**
 * CREATE TABLE and CREATE INDEX statements: read (columns, affinities, the
 * rowid column, indexed columns), refused where they need more than this
 * writer does, and normalised as SQLite stores them.
 * https://www.sqlite.org/fileformat2.html#storage_of_the_sql_database_schema
 */
import {affinityOf} from './affinity.js'
import type {Column, SqliteIndex, TableSchema} from './types.js'

/** Parsed schema statements, kept: a writer of many packages meets the same few statements again and again. */
const parsed = new Map<string, unknown>()

export function remember<T>(key: string, parse: () => T): T {
  let value = parsed.get(key) as T | undefined
  if (value === undefined) {
    value = parse()
    if (parsed.size >= 256) parsed.clear()
    parsed.set(key, value)
  }
  return value
}

/**
 * SQLite stores a CREATE statement from its name on, after "CREATE TABLE " or
 * "CREATE [UNIQUE] INDEX " spelled that way, up to its last token.
 */
export function normalizeCreate(sql: string, start: RegExp, canonical: string): string {
  const match = start.exec(sql.trimStart())
  if (!match) throw new Error('Not a ' + canonical.trim() + ' statement: ' + sql)
  return (canonical + sql.trimStart().slice(match[0].length)).replace(/[\s;]+$/, '')
}

interface Token {
  text: string
  /** A word: a keyword or bare identifier. */
  word: boolean
}

const tokenPattern = /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"]|"")*"|`(?:[^`]|``)*`|'(?:[^']|'')*'|\[[^\]]*\]|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|[\s\S]/gy

function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  for (const [text] of sql.matchAll(tokenPattern)) {
    const first = text[0]
    if (/\s/.test(first) || text.startsWith('--') || text.startsWith('/*')) continue
    if (first === '"' || first === '`') tokens.push({text: text.slice(1, -1).replaceAll(first + first, first), word: false})
    else if (first === '[') tokens.push({text: text.slice(1, -1), word: false})
    else tokens.push({text, word: /^[A-Za-z_\u0080-\uffff]/.test(text)})
  }
  return tokens
}

const is = (token: Token | undefined, keyword: string) => token !== undefined && token.word && token.text.toUpperCase() === keyword

/** Split the tokens between the parentheses opening at `open` at their top-level commas; returns the parts and the index after `)`. */
function parenthesized(tokens: Token[], open: number): {parts: Token[][]; after: number} {
  const parts: Token[][] = [[]]
  let depth = 0
  for (let index = open; index < tokens.length; index++) {
    const text = tokens[index].word ? '' : tokens[index].text
    if (text === '(' && depth++ === 0) continue
    if (text === ')' && --depth === 0) return {parts, after: index + 1}
    if (text === ',' && depth === 1) parts.push([])
    else parts[parts.length - 1].push(tokens[index])
  }
  throw new Error('Unbalanced parentheses')
}

const constraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'])

/** The columns of a CREATE TABLE: names, affinities, NOT NULL, and which one (if any) is the rowid. */
export function parseTable(sql: string): TableSchema {
  const tokens = tokenize(sql)
  const unsupported = (what: string) => new Error('Unsupported in ' + sql + ': ' + what)
  if (is(tokens[2], 'IF') || is(tokens[2], 'TEMP') || is(tokens[2], 'TEMPORARY')) throw unsupported(tokens[2].text)
  const open = tokens.findIndex((token) => !token.word && token.text === '(')
  if (open !== 3) throw unsupported('a table name then its columns in parentheses')
  const {parts, after} = parenthesized(tokens, open)
  if (after < tokens.length) throw unsupported(tokens.slice(after).map((token) => token.text).join(' '))
  const columns: Column[] = []
  const declared: string[] = []
  let primaryKey: {column: string; descending: boolean} | undefined
  for (const part of parts) {
    if (part.length === 0) throw unsupported('an empty column definition')
    const head = part[0].word ? part[0].text.toUpperCase() : ''
    if (['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'].includes(head)) {
      // A table constraint.
      const at = is(part[0], 'CONSTRAINT') ? 2 : 0
      if (is(part[at], 'FOREIGN')) continue // no effect on what is stored
      if (!is(part[at], 'PRIMARY')) throw unsupported(part[at]?.text ?? 'CONSTRAINT')
      const keyColumns = parenthesized(part, at + 2).parts
      if (primaryKey || keyColumns.length !== 1) throw unsupported('a PRIMARY KEY of several columns')
      primaryKey = {column: keyColumns[0][0].text, descending: false} // PRIMARY KEY(x DESC) is still the rowid
      continue
    }
    const name = part[0].text
    let index = 1
    const type: string[] = []
    while (index < part.length && part[index].word && !constraintStarts.has(part[index].text.toUpperCase())) type.push(part[index++].text.toUpperCase())
    if (part[index]?.text === '(') {
      index = parenthesized(part, index).after
      type.push('(')
    }
    let notNull = false
    for (; index < part.length; index++) {
      const word = part[index].word ? part[index].text.toUpperCase() : ''
      if (part[index].text === '(') index = parenthesized(part, index).after - 1
      else if (word === 'PRIMARY') {
        if (primaryKey) throw unsupported('two PRIMARY KEYs')
        primaryKey = {column: name, descending: is(part[index + 2], 'DESC')}
      } else if (word === 'NOT' && is(part[index + 1], 'NULL')) notNull = true
      else if (word === 'COLLATE' && !is(part[index + 1], 'BINARY')) throw unsupported('COLLATE ' + part[index + 1]?.text)
      else if (['UNIQUE', 'CHECK', 'GENERATED', 'AS', 'AUTOINCREMENT'].includes(word)) throw unsupported(word)
      else if (word === 'DEFAULT') {
        // The default value may be a bare word (NULL, TRUE, CURRENT_TIME) or an expression in parentheses.
        index++
        if (part[index]?.text === '(') index = parenthesized(part, index).after - 1
      }
    }
    columns.push({name, affinity: affinityOf(type.join(' ')), notNull})
    declared.push(type.join(' '))
  }
  let rowidColumn = -1
  if (primaryKey) {
    const key = primaryKey
    rowidColumn = columns.findIndex((column) => column.name.toLowerCase() === key.column.toLowerCase())
    // Only a column declared exactly INTEGER is the rowid (and, as a column constraint, not DESC).
    if (rowidColumn < 0 || declared[rowidColumn] !== 'INTEGER' || key.descending) throw unsupported('a PRIMARY KEY that is not an INTEGER PRIMARY KEY (it needs an automatic index)')
  }
  return {sql, name: tokens[2].text, columns, rowidColumn}
}

/** CREATE [UNIQUE] INDEX name ON table (column [COLLATE BINARY] [ASC], ...). */
export function parseIndex(index: SqliteIndex, table: TableSchema): {sql: string; columns: number[]; unique: boolean} {
  const sql = normalizeCreate(index.sql, /^create\s+(unique\s+)?index\s+/i, /^\s*create\s+unique/i.test(index.sql) ? 'CREATE UNIQUE INDEX ' : 'CREATE INDEX ')
  const tokens = tokenize(sql)
  const unique = is(tokens[1], 'UNIQUE')
  const at = unique ? 3 : 2
  const unsupported = (what: string) => new Error('Unsupported in ' + sql + ': ' + what)
  if (is(tokens[at], 'IF')) throw unsupported('IF NOT EXISTS')
  if (tokens[at].text.toLowerCase() !== index.name.toLowerCase()) throw new Error('Index ' + index.name + ': its SQL creates ' + tokens[at].text)
  if (!is(tokens[at + 1], 'ON') || tokens[at + 2]?.text.toLowerCase() !== table.name.toLowerCase()) throw new Error('Index ' + index.name + ': its SQL is not on table ' + table.name)
  const {parts, after} = parenthesized(tokens, at + 3)
  if (after < tokens.length) throw unsupported(tokens.slice(after).map((token) => token.text).join(' '))
  const columns = parts.map((part) => {
    const rest = part.slice(1).map((token) => token.text.toUpperCase()).join(' ')
    if (!['', 'ASC', 'COLLATE BINARY', 'COLLATE BINARY ASC'].includes(rest)) throw unsupported(part.map((token) => token.text).join(' '))
    const column = table.columns.findIndex((column) => column.name.toLowerCase() === part[0].text.toLowerCase())
    if (column < 0) throw new Error('Index ' + index.name + ': no column ' + part[0].text + ' in ' + table.name)
    return column
  })
  if (index.columns && index.columns.join() !== columns.join()) throw new Error('Index ' + index.name + ': columns ' + index.columns.join() + ' given, ' + columns.join() + ' in its SQL')
  return {sql, columns, unique}
}
