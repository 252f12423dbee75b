import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {writeAtomic} from '../emit/write.js'
import type {Settings} from '../parse/settings.js'
import type {ChangeCounts, DeckDocument, MediaFile, RemovedCard} from '../shared/types.js'
import {generator} from '../shared/version.js'
import type {StoredMessage} from './messages.js'

/**
 * The build cache, `OUT/.studydeck-cache/`: one entry per output name.
 *
 * An entry says “a source with these bytes, built with this code and these
 * options, against a previous JSON with these bytes, gives that same JSON
 * again, with these counts and messages”. It is written only when that was
 * checked (the cards compared once more with the JSON just made, and found
 * unchanged). A later build whose key is the same reuses it without parsing:
 * the JSON on disk is the result. Anything in the key changing (the source,
 * the previous JSON, an option, the code or a dependency version, an image
 * the cards show) misses, and the file is built as if there were no cache.
 */

const folderName = '.studydeck-cache'
export const cacheFormat = 2

/** An image path the cards looked at, and what was there (`null`: nothing). */
export interface ImageProbe {
  path: string
  signature: string | null
}

export interface CacheEntry {
  format: typeof cacheFormat
  /** Key of a checked result, or `null` when the last build did not give one (only `apkg` is of use). */
  key: string | null
  /** The document without its cards (these are read from the JSON when asked for). */
  header: Omit<DeckDocument, 'cards' | 'removed'>
  removed: RemovedCard[]
  counts: ChangeCounts
  messages: StoredMessage[]
  media: MediaFile[]
  images: ImageProbe[]
  /** The card ids of the JSON, in order, and the line naming its deck: what the build's check across files needs of a file it reuses. */
  ids: string[]
  deckLine: number
  deckChosen: boolean
  /** The package last written for this name: made from which JSON by which code, and its size and time on disk. */
  apkg?: {key: string; size: number; mtimeMs: number}
}

export function hash(...parts: Array<string | Uint8Array>): string {
  const digest = createHash('sha1')
  for (const part of parts) digest.update(part).update('\u0000')
  return digest.digest('hex')
}

/** `hash` of one part given in pieces (a large JSON, as it is written). */
export class PartHash {
  readonly #digest = createHash('sha1')

  update(piece: Uint8Array): void {
    this.#digest.update(piece)
  }

  digest(): string {
    return this.#digest.update('\u0000').digest('hex')
  }
}

/** Where the entry for an output name lives. */
export function entryPath(out: string, name: string): string {
  return path.join(out, folderName, hash(name).slice(0, 20) + '.json')
}

export function readEntry(out: string, name: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryPath(out, name), 'utf8')) as CacheEntry
    return entry && entry.format === cacheFormat ? entry : undefined
  } catch {
    // Missing or damaged: a miss, never an error.
    return undefined
  }
}

/** Write an entry; a cache that cannot be written is only a slower next build. */
export function writeEntry(out: string, name: string, entry: CacheEntry): void {
  try {
    const folder = path.join(out, folderName)
    mkdirSync(folder, {recursive: true})
    // Keep it out of the notes' repository, wherever it is (as `.pytest_cache` does).
    const ignore = path.join(folder, '.gitignore')
    try {
      statSync(ignore)
    } catch {
      writeFileSync(ignore, '# studydeck build cache: safe to delete\n*\n')
    }
    writeAtomic(entryPath(out, name), JSON.stringify(entry), {durable: false})
  } catch {
    // Ignored on purpose: see above.
  }
}

/** The parts of a build every key holds: the code, its dependencies and the options. */
export function optionsKey(settings: Settings, parentDeck: string | undefined): string {
  return hash(codeFingerprint(), JSON.stringify(settings), parentDeck ?? '')
}

/** A source's part of its key: its options, place and bytes. */
export function sourceKey(options: string, file: {path: string; cwd: string}, root: string, text: string): string {
  return hash(options, file.path, file.cwd, root, text)
}

/** The key of a result: the source's part, and the digest of the JSON it is built against (`undefined`: none). */
export function resultKey(source: string, json: string | undefined): string {
  return hash(source, json ?? '-')
}

/** The key of a package: the code that wrote it and the digest of the JSON it was made from. */
export function apkgKey(json: string): string {
  return hash(codeFingerprint(), json)
}

/** Size and time of a file, or `null` when it is not a file. */
export function signature(target: string): string | null {
  try {
    const stats = statSync(target)
    return stats.isFile() ? stats.size + ':' + stats.mtimeMs : null
  } catch {
    return null
  }
}

export function imagesUnchanged(images: ImageProbe[]): boolean {
  return images.every((image) => signature(image.path) === image.signature)
}

/** Whether a file on disk is still the one an entry saw. */
export function sameFile(target: string, seen: {size: number; mtimeMs: number} | undefined): boolean {
  return seen !== undefined && signature(target) === seen.size + ':' + seen.mtimeMs
}

export function fileStat(target: string): {size: number; mtimeMs: number} {
  const stats = statSync(target)
  return {size: stats.size, mtimeMs: stats.mtimeMs}
}

/**
 * A document whose cards are parsed from its JSON only when first read:
 * most builds look at the counts and `removed`, not at every card.
 */
export function lazyDocument(header: CacheEntry['header'], removed: RemovedCard[], source: string | Uint8Array | (() => Uint8Array)): DeckDocument {
  const document = {...header} as DeckDocument
  Object.defineProperty(document, 'cards', {
    configurable: true,
    enumerable: true,
    get() {
      const json = typeof source === 'function' ? source() : source
      const cards = (JSON.parse(typeof json === 'string' ? json : Buffer.from(json).toString('utf8')) as DeckDocument).cards
      Object.defineProperty(document, 'cards', {value: cards, configurable: true, enumerable: true, writable: true})
      return cards
    },
    set(cards) {
      Object.defineProperty(document, 'cards', {value: cards, configurable: true, enumerable: true, writable: true})
    }
  })
  document.removed = removed
  return document
}

let fingerprint: string | undefined

/**
 * What the code is: the generator, every module of studydeck (so a build
 * with changed code never reuses a result of the old code, released or
 * not) and the version of each dependency.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint
  const digest = createHash('sha1').update(generator)
  // `dist/` (or `src/`): this module is in its `build/` folder.
  const code = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
  for (const file of modulesBelow(code)) digest.update(path.relative(code, file)).update(readFileSync(file))
  let manifest: {dependencies?: Record<string, string>} = {}
  try {
    manifest = JSON.parse(readFileSync(path.join(code, '..', 'package.json'), 'utf8'))
  } catch {}
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) digest.update(name + '@' + dependencyVersion(name))
  fingerprint = digest.digest('hex')
  return fingerprint
}

function modulesBelow(folder: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(folder, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(folder, entry.name)
    if (entry.isDirectory()) found.push(...modulesBelow(full))
    else if (/\.(?:js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full)
  }
  return found
}

/** A dependency's version, from the `package.json` above its entry point. */
function dependencyVersion(name: string): string {
  try {
    let folder = path.dirname(fileURLToPath(import.meta.resolve(name)))
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))
        if (manifest.name === name) return String(manifest.version)
      } catch {}
      const parent = path.dirname(folder)
      if (parent === folder) return '?'
      folder = parent
    }
  } catch {
    return '?'
  }
}
