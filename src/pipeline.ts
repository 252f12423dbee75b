import {createHash} from 'node:crypto'
import {existsSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {writeApkg, type ApkgDeck, type ApkgMedia} from './emit/apkg.js'
import {fromJson, toJson} from './emit/json.js'
import {writeAtomic} from './emit/write.js'
import {extract} from './extract/index.js'
import {outline} from './extract/outline.js'
import {deckId, identify, stamp, type Identifiable} from './identity.js'
import {parse} from './parse.js'
import {findSources, readSource, type SourceEntry} from './read.js'
import {renderCard, type ResolvedImage} from './render.js'
import {defaultSettings, readSettings, type Settings, type TableMode} from './settings.js'
import type {ChangeCounts, DeckDocument, MediaFile} from './types.js'
import {generator} from './version.js'

export type Format = 'apkg' | 'json'

/** Options of a build. Every field is optional. */
export interface BuildOptions {
  /** Output folder (default: `'output'`). */
  out?: string
  /** Outputs to write (default: `['apkg', 'json']`). */
  formats?: Format[]
  /** Put every deck in one package `OUT/NAME.apkg`, as subdecks `NAME::<deck>` (default: one package per file). */
  combine?: string
  /** Table mode for documents that do not set one (default: `'cell'`). */
  tableMode?: TableMode
  /** Clock for changed cards, in seconds (default: `SOURCE_DATE_EPOCH`, else the system clock). */
  now?: () => number
  /** Working directory that paths are relative to (default: `process.cwd()`). */
  cwd?: string
  /** Write outputs (default: `true`; `check` sets `false`). */
  write?: boolean
  /** Build only these of the files the paths name, as `FileResult.source` shows them (default: all; `--watch` rebuilds what changed). */
  only?: string[]
  /** Told before each file and once at the end, for a progress display (default: none). */
  onProgress?: (progress: BuildProgress) => void
}

/** How far a build is: files done of all found, cards compiled so far, the file now being compiled. */
export interface BuildProgress {
  done: number
  total: number
  cards: number
  file?: string
}

/** The outcome for one source file. */
export interface FileResult {
  source: string
  /** Output name without extension (`source/bio/cells.md` → `bio/cells`); unset for paths that gave no file. */
  name?: string
  deck: string
  outputs: string[]
  counts: ChangeCounts
  /** The file with its messages. */
  file: VFile
  document?: DeckDocument
  /** Images the cards show (set once compiled). */
  media?: MediaFile[]
}

export interface CompileInput {
  settings?: Settings
  previous?: DeckDocument
  now?: () => number
  /** Folder that images may come from (default: the file's folder). */
  root?: string
  /** Deck name prefix for combined packages (`NAME::`). */
  parentDeck?: string
}

export interface CompiledDeck {
  document: DeckDocument
  counts: ChangeCounts
  media: MediaFile[]
}

const emptyCounts: ChangeCounts = {cards: 0, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0}

/** The system clock, or `SOURCE_DATE_EPOCH` (reproducible builds) when set. */
export function defaultClock(): number {
  const epoch = process.env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return Number(epoch)
  return Math.floor(Date.now() / 1000)
}

/**
 * One document, all stages: parse → extract → render → identify → stamp.
 * Reads nothing but the images its cards show.
 */
export function compileDeck(file: VFile, input: CompileInput = {}): CompiledDeck {
  return finishDeck(prepareDeck(file, input), input)
}

/** A document's cards as rendered, before they are compared with the previous build (no ids yet). */
export interface PreparedDeck {
  deckKey: string
  deckName: string
  source: string
  cards: Array<Identifiable & {media: MediaFile[]}>
}

/**
 * The stages that need only the document: parse → extract → render.
 * `probe` is told every image path looked at (the build cache checks them).
 */
export function prepareDeck(file: VFile, input: CompileInput = {}, probe?: (target: string) => void): PreparedDeck {
  const tree = parse(file)
  const settings = readSettings(tree, file, input.settings ?? defaultSettings)
  const stem = path.basename(file.path || 'notes', path.extname(file.path || ''))
  const title = outline(tree, stem).title
  const deckKey = settings.deck ?? title
  const deckName = (input.parentDeck ? input.parentDeck + '::' : '') + deckKey.replace(/::/g, ':')
  const drafts = extract(tree, file, settings, stem)
  const resolveImage = imageResolver(file, input.root ?? file.dirname ?? '.', probe)

  const cards = drafts.map((draft) => ({
    ...renderCard(draft, {
      source: String(file.value),
      resolveImage,
      onImageProblem: (node, reason, ruleId) => file.message(reason, {place: node.position, ruleId, source: 'studydeck'})
    }),
    kind: draft.kind,
    key: draft.key,
    context: draft.context,
    tags: draft.tags,
    source: {file: file.path, line: draft.place.line}
  }))
  return {deckKey, deckName, source: file.path, cards}
}

/** The stages that compare with the previous build: identify → stamp. */
export function finishDeck(prepared: PreparedDeck, input: Pick<CompileInput, 'previous' | 'now'> = {}): CompiledDeck {
  const {deckKey, deckName} = prepared
  const identified = identify(prepared.cards, deckKey, input.previous)
  const {cards, removed, counts} = stamp(
    identified.map(({key, media, ...card}) => (void key, void media, card)),
    input.previous,
    input.now ?? defaultClock
  )
  const media = new Map(prepared.cards.flatMap((card) => card.media).map((file) => [file.name, file]))
  return {
    document: {version: 1, generator, deck: {name: deckName, id: String(deckId(deckName))}, source: prepared.source, cards, removed},
    counts,
    media: [...media.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  }
}

/**
 * Images: only files inside `root` (the notes' folder tree) are packed, under
 * a content-hashed name; nothing else on disk and no remote URL is read.
 */
function imageResolver(file: VFile, root: string, probe?: (target: string) => void): (url: string) => ResolvedImage {
  const base = path.resolve(file.cwd, file.dirname ?? '.')
  const top = path.resolve(file.cwd, root)
  return (url) => {
    let decoded: string
    try {
      decoded = decodeURIComponent(url.replace(/[?#].*$/, ''))
    } catch {
      decoded = url
    }
    if (/^[a-z][a-z\d+.-]*:/i.test(decoded) || decoded.startsWith('//')) {
      return {ok: false, reason: 'Image `' + url + '` is not a local file or an http(s) URL', ruleId: 'image-unsupported'}
    }
    const target = path.resolve(base, decoded)
    const inside = path.relative(top, target)
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      return {ok: false, reason: 'Image `' + url + '` is outside the notes folder; it is not packed', ruleId: 'image-outside'}
    }
    probe?.(target)
    if (!existsSync(target) || !statSync(target).isFile()) {
      return {ok: false, reason: 'Image `' + url + '` not found', ruleId: 'image-missing'}
    }
    const hash = createHash('sha256').update(readFileSync(target)).digest('hex').slice(0, 16)
    return {ok: true, media: {name: hash + path.extname(target).toLowerCase(), path: target}}
  }
}

/** Build (or, with `write: false`, check) every Markdown file the paths name. */
export async function build(paths: string[], options: BuildOptions = {}): Promise<FileResult[]> {
  const cwd = options.cwd ?? process.cwd()
  const out = path.resolve(cwd, options.out ?? 'output')
  const formats = options.formats ?? ['apkg', 'json']
  const write = options.write ?? true
  const settings: Settings = {...defaultSettings, tableMode: options.tableMode ?? defaultSettings.tableMode}
  const {entries, problems} = findSources(paths, cwd)
  const results: FileResult[] = problems.map((file) => ({source: file.path, deck: '', outputs: [], counts: {...emptyCounts}, file}))
  const names = new Map<string, string>()
  const combined: Array<{result: FileResult; compiled: CompiledDeck}> = []

  let cards = 0
  for (const [index, entry] of entries.entries()) {
    // Skipped files still claim their output name: a clash is the same whatever was saved.
    if (options.only && !options.only.includes(entry.path)) {
      if (!names.has(entry.name)) names.set(entry.name, entry.path)
      continue
    }
    options.onProgress?.({done: index, total: entries.length, cards, file: entry.path})
    const file = readSource(entry, cwd)
    const result: FileResult = {source: entry.path, name: entry.name, deck: '', outputs: [], counts: {...emptyCounts}, file}
    results.push(result)
    const clash = names.get(entry.name)
    if (clash) {
      fatal(file, 'Output name `' + entry.name + '` is already used by `' + clash + '`; build them into different folders', 'output-name-clash')
      continue
    }
    names.set(entry.name, entry.path)
    if (hasErrors(file)) continue

    const jsonPath = path.join(out, entry.name + '.json')
    const previous = readPrevious(jsonPath, file)
    const compiled = compileDeck(file, {settings, previous, now: options.now, root: entry.root, parentDeck: options.combine})
    result.deck = compiled.document.deck.name
    result.counts = compiled.counts
    result.document = compiled.document
    result.media = compiled.media
    cards += compiled.counts.cards
    if (hasErrors(file) || !write) continue

    try {
      if (formats.includes('json')) {
        writeAtomic(jsonPath, toJson(compiled.document))
        result.outputs.push(shown(cwd, jsonPath))
      }
      if (formats.includes('apkg') && !options.combine) {
        const apkgPath = path.join(out, entry.name + '.apkg')
        writeAtomic(apkgPath, await writeApkg([{name: compiled.document.deck.name, cards: compiled.document.cards}], readMedia(compiled.media)))
        result.outputs.push(shown(cwd, apkgPath))
      }
      combined.push({result, compiled})
    } catch (error) {
      fatal(file, 'Cannot write outputs to `' + shown(cwd, out) + '`: ' + errorText(error), 'output-unwritable')
    }
  }

  options.onProgress?.({done: entries.length, total: entries.length, cards})

  if (write && options.combine && formats.includes('apkg')) {
    const apkgPath = path.join(out, options.combine + '.apkg')
    // A package missing one deck is worse than the previous package: all or nothing.
    if (results.every((result) => !hasErrors(result.file)) && combined.length > 0) {
      const decks: ApkgDeck[] = combined.map(({compiled}) => ({name: compiled.document.deck.name, cards: compiled.document.cards}))
      const media = readMedia(combined.flatMap(({compiled}) => compiled.media))
      try {
        writeAtomic(apkgPath, await writeApkg(decks, media))
        for (const {result} of combined) result.outputs.push(shown(cwd, apkgPath))
      } catch (error) {
        fatal(combined[0].result.file, 'Cannot write `' + shown(cwd, apkgPath) + '`: ' + errorText(error), 'output-unwritable')
      }
    }
  }
  return results
}

function readPrevious(jsonPath: string, file: VFile): DeckDocument | undefined {
  if (!existsSync(jsonPath)) return undefined
  let text: string
  try {
    text = readFileSync(jsonPath, 'utf8')
  } catch (error) {
    file.message('Cannot read the previous build `' + jsonPath + '` (' + errorText(error) + '); ids of reworded questions cannot be kept', {ruleId: 'previous-unreadable', source: 'studydeck'})
    return undefined
  }
  const {document, problem} = fromJson(text)
  if (!document) {
    file.message('The previous build `' + path.basename(jsonPath) + '` ' + problem + '; starting afresh (ids of reworded questions cannot be kept)', {
      ruleId: 'previous-unreadable',
      source: 'studydeck'
    })
  }
  return document
}

function readMedia(files: MediaFile[]): ApkgMedia[] {
  const unique = new Map(files.map((file) => [file.name, file]))
  return [...unique.values()].map((file) => ({name: file.name, data: readFileSync(file.path)}))
}

export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}

function fatal(file: VFile, reason: string, ruleId: string) {
  file.message(reason, {ruleId, source: 'studydeck'}).fatal = true
}

function shown(cwd: string, target: string): string {
  const relative = path.relative(cwd, target)
  return (relative.startsWith('..') ? target : relative).split(path.sep).join('/')
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  return code ? code + ' ' + ((error as NodeJS.ErrnoException).path ?? '') : String(error)
}
