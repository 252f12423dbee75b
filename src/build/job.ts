import type {Settings} from '../parse/settings.js'
import type {SourceEntry} from '../read/sources.js'
import type {ChangeCounts, DeckDocument, MediaFile} from '../shared/types.js'
import type {CacheEntry} from './cache.js'
import type {StoredMessage} from './messages.js'

/** An output a build writes. */
export type Format = 'apkg' | 'json'

/**
 * One source file, compiled and written: the unit of work of a build. It
 * runs in the main thread or in a worker thread, so all that goes in and
 * out is plain data.
 */
export interface FileJob {
  entry: SourceEntry
  /** The package's output name (`entry.name`, unless Anki would take that for a collection: `emit/package-name.ts`). */
  packageName: string
  /** The source text, as the build read (and hashed) it. */
  text: string
  cwd: string
  /** Output folder, absolute. */
  out: string
  formats: Format[]
  write: boolean
  settings: Settings
  /** The build's time (`time.ts`), in milliseconds: what changed is stamped with it. */
  time: number
  /** The document's place among the build's documents: new cards' `created` times never meet (`identity/stamp.ts` `createdTimes`). */
  slot: {index: number; of: number}
  parentDeck?: string
  /** Every deck goes into one package: no package per file. */
  combine: boolean
  /**
   * The previous JSON's bytes, if there is one: taken (unset) by `buildFile`
   * once read, as a large document's previous build is hundreds of megabytes.
   */
  previous?: Uint8Array
  /** Where a large previous JSON is (`previous` unset): read only when ids are given. */
  previousPath?: string
  /** Their digest (`cache.hash`): what the new JSON is compared with. */
  previousDigest?: string
  /** The source's part of its cache key (`cache.sourceKey`); unset: no cache. */
  sourceKey?: string
  /** The last build's cache entry for this name: its package record may spare writing the package again. */
  lastEntry?: CacheEntry
}

export interface FileOutcome {
  deck: string
  counts: ChangeCounts
  messages: StoredMessage[]
  /** The document's JSON, UTF-8, when it was not written (`check`, or only a package): what would have been. */
  json?: Uint8Array
  /** Where the JSON is when it was written (or found the same): read from there when asked for. */
  jsonPath?: string
  /** Digest of the JSON (`cache.hash`). */
  digest: string
  /** The document itself (only when built in the calling thread: it is not sent between threads). */
  document?: DeckDocument
  /** The document without its cards, for a document read from `json` when its cards are asked for. */
  header: Omit<DeckDocument, 'cards' | 'removed'>
  removed: DeckDocument['removed']
  media: MediaFile[]
  /** The card ids of the document, in order, what happened to each (`Stamped.changes`) and the line naming its deck: what the build's check across files reads. */
  ids: string[]
  changes: string
  deckLine: number
  deckChosen: boolean
  /** Whether the build's time was taken (something changed), and the changed cards stamped later than it, as they had that time already. */
  time: {read: boolean; behind: number; behindLine?: number}
  /** Outputs written or found up to date, absolute paths. */
  outputs: string[]
  /** Why the outputs could not be written. */
  writeError?: string
}
