import {hash} from 'node:crypto'
import {readFileSync, rmSync} from 'node:fs'
import {deckId, noteId as noteIdOf, pastTimeId} from '../identity/ids.js'
import {textHtml} from '../shared/html-text.js'
import {cardOrdinals} from '../shared/note-kinds.js'
import type {Card, DeckDocument, MediaFile} from '../shared/types.js'
import {noteType, noteTypeJson, noteTypeSpecOf, noteTypeSpecs, noteTypesOf, type NoteTypeRecord} from './note-type.js'
import {writeSqlite, writeSqliteSpilling, type SqliteIndex, type SqliteTable, type SqlValue} from './sqlite/index.js'
import {stageFile, temporaryName, writeAllAtomic} from './write.js'
import {zip, zipToFile, type FileOnDisk} from './zip.js'

/** One deck of a package: its full name (`Parent::Child` for subdecks) and its cards. */
export interface ApkgDeck {
  name: string
  cards: Card[]
  /**
   * Its JSON's note type records (`DeckDocument.noteTypes`): a note type's
   * `mod` in the package is the latest of its decks' (default: the latest
   * card time).
   */
  noteTypes?: Record<string, NoteTypeRecord>
}

/** A document's deck, as a package holds it. */
export function packageDeck(document: DeckDocument): ApkgDeck {
  return {name: document.deck.name, cards: document.cards, noteTypes: document.noteTypes}
}

/** Two notes of one package with one GUID: Anki would add both and afterwards update only one (never written). */
export class DuplicateGuidError extends Error {
  override name = 'DuplicateGuidError'
  constructor(readonly guid: string) {
    super('two notes of the package share the GUID `' + guid + '` (the card id): Anki would add both and afterwards update only one')
  }

  override toString(): string {
    return this.message
  }
}

export interface ApkgMedia {
  name: string
  data: Uint8Array
}

/**
 * The legacy collection schema (version 11), which every Anki client imports:
 * each CREATE statement as SQLite stores it in `sqlite_master`.
 */
const schema = {
  tables: [
    'CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null)',
    'CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null)',
    'CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null)',
    'CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null)',
    'CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null)'
  ],
  indexes: [
    'CREATE INDEX ix_notes_usn on notes (usn)',
    'CREATE INDEX ix_cards_usn on cards (usn)',
    'CREATE INDEX ix_revlog_usn on revlog (usn)',
    'CREATE INDEX ix_cards_nid on cards (nid)',
    'CREATE INDEX ix_cards_sched on cards (did, queue, due)',
    'CREATE INDEX ix_revlog_cid on revlog (cid)',
    'CREATE INDEX ix_notes_csum on notes (csum)'
  ]
}

type CollectionTable = 'col' | 'notes' | 'cards' | 'revlog' | 'graves'

/** The schema's indexes, named as the statements name them. */
export const collectionIndexes: SqliteIndex[] = schema.indexes.map((sql) => {
  const [, name, table] = /^CREATE INDEX (\w+) on (\w+)/.exec(sql)!
  return {name, table, sql}
})

/** Collection creation day: fixed, the package is not a collection of its own. */
const collectionCreated = 1700000000
/** Zip entry times are fixed so that equal decks give equal bytes (local time, as DOS stores it). */
const zipTime = new Date(1980, 0, 1, 12, 0, 0)

/** Write decks as an `.apkg` (a zip of `collection.anki2`, the `media` map and the media files), in memory. */
export async function writeApkg(decks: ApkgDeck[], media: ApkgMedia[] = []): Promise<Uint8Array> {
  const collection = writeSqlite(collectionTables(decks), collectionIndexes)
  // Level 3: half the time of zlib's default 6, for a package 5% larger.
  return zip(packageFiles(collection, media), {level: 3, mtime: zipTime})
}

/** A collection larger than this is written to a temporary file, not held in memory, on its way into the package. */
export const collectionInMemoryUpTo = 32 * 1024 * 1024

/**
 * Write the same package as `writeApkg` to `target`. A large collection is
 * written to a temporary file beside it and deflated from there a piece at
 * a time: neither it nor the package is ever whole in memory.
 */
export async function writeApkgFile(target: string, decks: ApkgDeck[], media: ApkgMedia[] = []): Promise<void> {
  const spill = temporaryName(target + '.anki2')
  try {
    const collection = writeSqliteSpilling(collectionTables(decks), collectionIndexes, collectionInMemoryUpTo, spill)
    await zipToFile(target, packageFiles(collection, media), {level: 3, mtime: zipTime})
  } finally {
    rmSync(spill, {force: true})
  }
}

/** Write a package in place of `target` atomically (`write.ts`), never whole in memory. */
export async function writeApkgAtomic(target: string, decks: ApkgDeck[], media: ApkgMedia[] = []): Promise<void> {
  writeAllAtomic([await stageFile(target, (temporary) => writeApkgFile(temporary, decks, media))])
}

/** The package's files: the collection, the media files (stored: images are compressed already), and the map of their names. */
function packageFiles<T extends Uint8Array | FileOnDisk>(collection: T, media: ApkgMedia[]): Record<string, [T | Uint8Array, {level?: number; mtime: Date}]> {
  const files: Record<string, [T | Uint8Array, {level?: number; mtime: Date}]> = {'collection.anki2': [collection, {mtime: zipTime}]}
  const map: Record<string, string> = {}
  const sorted = [...media].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const [index, file] of sorted.entries()) {
    map[String(index)] = file.name
    files[String(index)] = [file.data, {mtime: zipTime, level: 0}]
  }
  files.media = [new TextEncoder().encode(JSON.stringify(map)), {mtime: zipTime}]
  return files
}

/** The collection's tables and their rows, columns in CREATE TABLE order (SQLite's rules for the values apply when written). */
export function collectionTables(given: ApkgDeck[]): SqliteTable[] {
  const decks = withCardDecks(given)
  const latestCard = decks.reduce((max, deck) => latestModified(deck.cards, max), collectionCreated)
  // The note types the cards use (`studydeck` when there are none), each with the latest time its decks' JSONs give it.
  const noteTypes = noteTypesOf(decks.flatMap((deck) => deck.cards)).map((name) => ({spec: noteTypeSpecs[name], mod: noteTypeTime(decks, name) ?? latestCard}))
  const latest = noteTypes.reduce((max, {mod}) => Math.max(max, mod), latestCard)
  const deckEntries = allDecks(decks)
  const firstDeck = deckEntries.find((deck) => deck.cards)?.id ?? 1
  const col: SqlValue[][] = [[
    // id, crt, mod, scm, ver, dty, usn, ls; then conf, models, decks, dconf, tags
    ...[1, collectionCreated, latest * 1000, collectionCreated * 1000, 11, 0, 0, 0],
    JSON.stringify(collectionConfig(firstDeck)),
    JSON.stringify(Object.fromEntries(noteTypes.map(({spec, mod}) => [spec.id, noteTypeJson(spec, {mod, did: firstDeck})]))),
    JSON.stringify(Object.fromEntries([[1, deckJson(1, 'Default', collectionCreated)], ...deckEntries.map((deck) => [deck.id, deckJson(deck.id, deck.name, deck.modified)])])),
    JSON.stringify({1: deckOptions}),
    '{}'
  ]]

  // Anki matches notes by GUID, not by these ids: they have to be stable
  // (equal bytes; the report's `nid:` search), unique and never later than
  // tomorrow (`created`, else `pastTimeId`). A GUID twice is never written.
  const noteIds = new Set<number>()
  const cardIds = new Set<number>()
  const guids = new Set<string>()
  const entries = deckEntries.flatMap((deck) =>
    (deck.cards ?? []).map((card) => {
      if (guids.has(card.id)) throw new DuplicateGuidError(card.id)
      guids.add(card.id)
      const note = preparedNotes.get(card) ?? idsOf(card)
      return {card, deck: deck.id, noteId: uniqueId(note.noteId, noteIds), cardId: uniqueId(note.cardId, cardIds)}
    })
  )
  // Made as they are written: the fields of a large deck are never all in memory at once.
  function* notes(): Generator<SqlValue[]> {
    for (const {card, noteId} of entries) {
      const note = preparedNotes.get(card) ?? contentOf(card)
      yield [noteId, card.id, noteTypeSpecOf(card).id, card.modified, -1, note.tags, note.fields, note.sortField, note.checksum, 0, '']
    }
  }
  // Every card of every note: Anki's importer makes none (a card per deletion number, both directions), it only copies.
  function* cards(): Generator<SqlValue[]> {
    for (const [index, {card, deck, noteId, cardId}] of entries.entries()) {
      for (const ordinal of cardOrdinals(card)) {
        // A note's other cards are made with it (its `created` time, a millisecond apart), or have ids of their own as its first card has.
        const id = ordinal === 0 ? cardId : uniqueId(card.created !== undefined ? card.created + ordinal : pastTimeId('studydeck/anki-card/' + card.id + '/' + ordinal), cardIds)
        // Siblings share their note's place in the new queue, as Anki gives them.
        yield [id, noteId, deck, ordinal, card.modified, -1, 0, 0, index + 1, 0, 0, 0, 0, 0, 0, 0, 0, '']
      }
    }
  }
  const rows: Record<CollectionTable, Iterable<SqlValue[]>> = {col, notes: notes(), cards: cards(), revlog: [], graves: []}
  return schema.tables.map((sql) => {
    const name = /^CREATE TABLE (\w+)/.exec(sql)![1] as CollectionTable
    return {name, sql, rows: rows[name]}
  })
}

/** What a card puts in the notes and cards tables, before its ids are made unique in its package. */
interface NoteData {
  noteId: number
  cardId: number
  tags: string
  /** The fields, joined as Anki stores them. */
  fields: string
  sortField: string
  checksum: number
}

const preparedNotes = new WeakMap<Card, NoteData>()

/**
 * A card's note data (hashes, fields, sort field), kept with the card: a
 * combined build works it out as each file's cards arrive, while the other
 * files are still compiling, rather than all at the end.
 */
export function prepareNote(card: Card): NoteData {
  let note = preparedNotes.get(card)
  if (!note) {
    note = noteData(card)
    preparedNotes.set(card, note)
  }
  return note
}

/** A card's note data, worked out now (and not kept: a package of one large deck would hold every card's fields twice). */
function noteData(card: Card): NoteData {
  return {...idsOf(card), ...contentOf(card)}
}

/**
 * A card's note and card ids, before they are made unique in its package:
 * its first build's time (`created`), which Anki's browser shows as the
 * note's creation date and `added:` reads from the card; for a card of a
 * build that did not remember it, the ids it has always had.
 */
function idsOf(card: Card): Pick<NoteData, 'noteId' | 'cardId'> {
  if (card.created !== undefined) return {noteId: card.created, cardId: card.created}
  return {noteId: noteIdOf(card.id), cardId: pastTimeId('studydeck/anki-card/' + card.id)}
}

/** The latest time the decks' JSONs give a note type; undefined when none does. */
function noteTypeTime(decks: ApkgDeck[], name: string): number | undefined {
  let latest: number | undefined
  for (const deck of decks) {
    const time = deck.noteTypes?.[name]?.modified
    if (time !== undefined && (latest === undefined || time > latest)) latest = time
  }
  return latest
}

function contentOf(card: Card): Omit<NoteData, 'noteId' | 'cardId'> {
  const fields = noteFields(card)
  const sortField = stripHtmlMedia(fields[0])
  return {tags: tagString(card.tags), fields: fields.join('\u001F'), sortField, checksum: checksum(sortField)}
}

/** Fields in note type order: Front, Back, Context, Source (a cloze note: Text, Back Extra, Context, Source). */
export function noteFields(card: Card): string[] {
  const context = textHtml((card.note === 'cloze' ? card.context : displayContext(card)).join(' › '))
  if (card.note === 'cloze' && card.cloze) return [card.cloze.text, card.cloze.extra ?? '', context, textHtml(card.source.file)]
  return [card.frontHtml, card.backHtml, context, textHtml(card.source.file)]
}

/** The decks as given, the cards that name a deck of their own (an obsidian-spaced-repetition deck tag) moved into it. */
function withCardDecks(decks: ApkgDeck[]): ApkgDeck[] {
  if (!decks.some((deck) => deck.cards.some((card) => card.deck))) return decks
  const byName = new Map<string, Card[]>()
  const add = (name: string, card?: Card) => {
    const list = byName.get(name) ?? []
    byName.set(name, list)
    if (card) list.push(card)
  }
  for (const deck of decks) {
    add(deck.name)
    for (const card of deck.cards) add(card.deck ?? deck.name, card)
  }
  return [...byName].map(([name, cards]) => ({name, cards}))
}

/**
 * The context shown above the front, without the headings the front already
 * starts with (`Biuret reagent › Test › …` under `… › Biuret reagent › Test`).
 */
export function displayContext(card: Pick<Card, 'context' | 'front'>): string[] {
  for (let from = 1; from < card.context.length; from++) {
    if (card.front.startsWith(card.context.slice(from).join(' › ') + ' › ')) return card.context.slice(0, from)
  }
  return card.context
}

/** Anki tags: space-separated, with a space on each side (as Anki stores them). */
function tagString(tags: string[]): string {
  return tags.length > 0 ? ' ' + tags.join(' ') + ' ' : ''
}

interface DeckEntry {
  id: number
  name: string
  modified: number
  cards?: Card[]
}

/** The decks and every parent deck their `::` names imply. */
function allDecks(decks: ApkgDeck[]): DeckEntry[] {
  const entries = new Map<string, DeckEntry>()
  for (const deck of decks) {
    const modified = latestModified(deck.cards, collectionCreated)
    const segments = deck.name.split('::')
    for (let depth = 1; depth < segments.length; depth++) {
      const name = segments.slice(0, depth).join('::')
      const parent = entries.get(name)
      if (parent) parent.modified = Math.max(parent.modified, modified)
      else entries.set(name, {id: deckId(name), name, modified})
    }
    const existing = entries.get(deck.name)
    if (existing) {
      existing.cards = [...(existing.cards ?? []), ...deck.cards]
      existing.modified = Math.max(existing.modified, modified)
    } else entries.set(deck.name, {id: deckId(deck.name), name: deck.name, modified, cards: deck.cards})
  }
  return [...entries.values()]
}

/** The latest card time, at least `floor` (a loop: spreading 100,000 times into `Math.max` overflows the stack). */
function latestModified(cards: Card[], floor: number): number {
  let latest = floor
  for (const card of cards) if (card.modified > latest) latest = card.modified
  return latest
}

function uniqueId(id: number, taken: Set<number>): number {
  while (taken.has(id)) id++
  taken.add(id)
  return id
}

/** Anki's `fieldChecksum`: the first 8 hex digits of the SHA-1 of the stripped sort field. */
export function checksum(text: string): number {
  return Number.parseInt(hash('sha1', text).slice(0, 8), 16)
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'"}

/** Anki's `stripHTMLMedia`: image names kept, tags and comments dropped, entities decoded. */
export function stripHtmlMedia(html: string): string {
  return html
    .replace(/<img[^>]+src=["']?([^"' >]+)[^>]*>/gi, ' $1 ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (match, name: string) => {
      if (name[0] === '#') {
        const code = name[1].toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10)
        return Number.isFinite(code) ? String.fromCodePoint(code) : match
      }
      return entities[name] ?? match
    })
    .trim()
}

function collectionConfig(currentDeck: number) {
  return {
    activeDecks: [currentDeck],
    curDeck: currentDeck,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    curModel: String(noteType.id),
    nextPos: 1,
    sortType: 'noteFld',
    sortBackwards: false,
    addToCur: true
  }
}

function deckJson(id: number, name: string, modified: number) {
  return {
    id,
    name,
    mod: modified,
    usn: -1,
    desc: '',
    dyn: 0,
    conf: 1,
    collapsed: false,
    browserCollapsed: false,
    extendNew: 10,
    extendRev: 50,
    newToday: [0, 0],
    revToday: [0, 0],
    lrnToday: [0, 0],
    timeToday: [0, 0]
  }
}

const deckOptions = {
  id: 1,
  name: 'Default',
  mod: 0,
  usn: 0,
  maxTaken: 60,
  autoplay: true,
  timer: 0,
  replayq: true,
  dyn: false,
  new: {bury: true, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 7], order: 1, perDay: 20, separate: true},
  lapse: {delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0},
  rev: {bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200}
}

/** The bytes of the media files cards show, each once. */
export function readMedia(files: MediaFile[]): ApkgMedia[] {
  const unique = new Map(files.map((file) => [file.name, file]))
  return [...unique.values()].map((file) => ({name: file.name, data: readFileSync(file.path)}))
}
