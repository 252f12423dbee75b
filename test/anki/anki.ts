/**
 * A real Anki, driven from tests: `reimport.py` run with Debian's Python and
 * Anki's own library (installed by `install.sh`).
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

const python = '/usr/bin/python3'
const script = path.join(import.meta.dirname, 'reimport.py')

export type AnkiProbe = {ok: true; version: string; path: string} | {ok: false; reason: string}

/** Whether Anki's Python library imports here, and which version it is. */
export function probeAnki(): AnkiProbe {
  if (!existsSync(python)) return {ok: false, reason: python + ' not found'}
  const result = spawnSync(python, [script, '--probe'], {encoding: 'utf8'})
  if (result.status !== 0) {
    const last = (result.stderr || result.error?.message || 'exit ' + result.status).trim().split('\n').pop()
    return {ok: false, reason: 'the `anki` Python module does not import (' + last + '); run `bash test/anki/install.sh`'}
  }
  const {anki, path: where} = JSON.parse(result.stdout)
  return {ok: true, version: anki, path: where}
}

/** What `reimport.py` prints (see that script). */
export interface ReimportResult {
  anki: string
  importer: string
  scheduler: number
  empty: CollectionState
  afterSeed: CollectionState
  afterStudy: CollectionState
  afterUpdate: CollectionState
  firstImport: ImportLog
  secondImport: ImportLog
  added: Array<{guid: string; id: number; mid: number; mod: number; fields: string[]; tags: string[]}>
  updated: Array<{
    guid: string
    idBefore: number
    idAfter: number
    midBefore: number
    midAfter: number
    modBefore: number
    modAfter: number
    fieldsBefore: string[]
    fieldsAfter: string[]
  }>
  notesGone: string[]
  /** Cards as `GUID:ORD`. */
  cardsGone: string[]
  cardsAdded: string[]
  /** Per note (GUID), the ordinals of its cards, and those Anki itself would make of its fields (`models.availOrds`). */
  ordinals: {afterSeed: Ordinals; afterUpdate: Ordinals}
  reviews: Array<{guid: string; card: string; kept: boolean; ivl: number; reps: number; revlog: number; ivlAfter: number; repsAfter: number; revlogAfter: number}>
  reviewsKept: boolean
  duplicateGuids: number
  duplicateFronts: number
  media: string[]
  sortFieldMismatches: {seed: unknown[]; update: unknown[]}
}

export interface Ordinals {
  have: Record<string, number[]>
  anki: Record<string, number[]>
}

export interface CollectionState {
  notes: number
  cards: number
  revlog: number
  noteTypes: number
  noteTypeNames: string[]
  decks: string[]
}

export interface ImportLog {
  added: number
  updated: number
  skipped: number
  log: string[]
}

/** Import `seed`, study the cards `review` names (a note's GUID: its first card; `GUID:ORD`: that card), import `update`: what Anki did. */
export function reimport(seed: string, update: string, review: string[]): ReimportResult {
  const result = spawnSync(python, [script, seed, update, '--review', review.join(',')], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  if (result.status !== 0) throw new Error('reimport.py failed (exit ' + result.status + '):\n' + result.stderr)
  return JSON.parse(result.stdout)
}

/** One step of a story on a fresh collection (`reimport.py --steps`). */
export type Step =
  | {do: 'import'; path: string}
  /** The note type as an import of another build (or Anki's Rust importer) would have left it; its mod written as given. */
  | {do: 'note-type'; name: string; css?: string; mod?: number}
  /** The student edits the styling in Anki: Anki stamps the note type with the time. */
  | {do: 'edit-css'; name: string; css: string}

/** The collection after a step. */
export interface Collection {
  notes: Array<{guid: string; id: number; mid: number; mod: number; fields: string[]; tags: string[]}>
  cards: Array<{id: number; nid: number; ord: number; deck: string}>
  noteTypes: Array<{id: number; name: string; mod: number; css: string}>
  decks: string[]
  /** What `added:1` (the sidebar's “Added Today”) finds. */
  addedToday: number
  /** The browser's “Created” column, by note id. */
  created: Record<string, string>
}

export interface StepResult {
  do: Step['do']
  import: ImportLog | null
  after: Collection
}

/** Run `steps` on a fresh collection: the collection after each. */
export function runSteps(steps: Step[]): StepResult[] {
  const folder = mkdtempSync(path.join(tmpdir(), 'studydeck-steps-'))
  try {
    const file = path.join(folder, 'steps.json')
    writeFileSync(file, JSON.stringify(steps))
    const result = spawnSync(python, [script, '--steps', file], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    if (result.status !== 0) throw new Error('reimport.py --steps failed (exit ' + result.status + '):\n' + result.stderr)
    return (JSON.parse(result.stdout) as {steps: StepResult[]}).steps
  } finally {
    rmSync(folder, {recursive: true, force: true})
  }
}
