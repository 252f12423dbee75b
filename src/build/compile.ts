import type {VFile} from 'vfile'
import {deckId, identify, stamp} from '../identity/match.js'
import {prepareDeck, type PrepareInput, type PreparedDeck} from './prepare.js'
import type {ChangeCounts, DeckDocument, MediaFile} from '../shared/types.js'
import {generator} from '../shared/version.js'

/**
 * One document through every stage, no files written: what `build` runs for
 * each file (`build-file.ts`), and what the tests and the API call.
 */

export interface CompileInput extends PrepareInput {
  previous?: DeckDocument
  now?: () => number
}

export interface CompiledDeck {
  document: DeckDocument
  counts: ChangeCounts
  media: MediaFile[]
}

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

/** The stages that compare with the previous build: identify → stamp. */
export function finishDeck(prepared: PreparedDeck, input: Pick<CompileInput, 'previous' | 'now'> = {}): CompiledDeck {
  const {deckKey, deckName} = prepared
  const identified = identify(prepared.cards, deckKey, input.previous)
  // Stamping names the fields it writes: the key and media stay behind.
  const {cards, removed, counts} = stamp(identified, input.previous, input.now ?? defaultClock)
  const media = new Map(prepared.cards.flatMap((card) => card.media).map((file) => [file.name, file]))
  return {
    document: {version: 1, generator, deck: {name: deckName, id: String(deckId(deckName))}, source: prepared.source, cards, removed},
    counts,
    media: [...media.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  }
}
