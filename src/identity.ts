import {createHash} from 'node:crypto'
import {characterSimilarity, wordSimilarity} from './similarity.js'
import {normalizeQuestion} from './text.js'
import type {Card, ChangeCounts, DeckDocument, RemovedCard, RenderedCard} from './types.js'

/**
 * Thresholds for keeping the id of a reworded question (README, “Identity”).
 * A question counts as lightly edited when its characters are at least 75%
 * the same (a typo, a word added) or its words at least 70% the same (words
 * moved around) — and only when its answer did not change.
 */
export const matchThresholds = {characters: 0.75, words: 0.7}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** A stable integer id in [2^40, 2^52): safe in JavaScript, the size of Anki's millisecond ids. */
export function stableNumber(value: string): number {
  const bytes = digest(value)
  const high = bytes.readUInt32BE(0) & 0xfff
  const low = bytes.readUInt32BE(4)
  return 2 ** 40 + ((high * 2 ** 32 + low) % (2 ** 52 - 2 ** 40))
}

/** A deck's id, from its name alone. */
export function deckId(name: string): number {
  return stableNumber('studydeck/deck/' + name)
}

/**
 * A card's id: from the document's deck and the card's question key, never
 * its answer. It is the Anki note GUID, so editing an answer updates in place.
 */
export function cardId(deckKey: string, questionKey: string): string {
  return digest('studydeck/card\u0000' + normalizeQuestion(deckKey) + '\u0000' + questionKey).toString('hex').slice(0, 16)
}

export interface Identifiable extends Omit<RenderedCard, 'id'> {
  key: string
}

export type MatchKind = 'key' | 'moved' | 'reworded' | 'new'

/**
 * Give every card its id. A card keeps the id its key gives; a card whose key
 * is new is matched to a card of the previous build that vanished, when
 * exactly one such pair fits (“moved”: the same question under other
 * headings; “reworded”: the same answer and a similar question). Anything
 * ambiguous gets a new id: a wrong match would carry one card's reviews to
 * another.
 */
export function identify<T extends Identifiable>(cards: T[], deckKey: string, previous?: DeckDocument): Array<T & {id: string; match: MatchKind}> {
  const fresh = cards.map((card) => cardId(deckKey, card.key))
  const previousCards = previous?.cards ?? []
  const previousById = new Map(previousCards.map((card) => [card.id, card]))
  const freshIds = new Set(fresh)
  const matches: MatchKind[] = fresh.map((id) => (previousById.has(id) ? 'key' : 'new'))
  const ids = [...fresh]

  let vanished = previousCards.filter((card) => !freshIds.has(card.id))
  const pending = () => cards.map((_, index) => index).filter((index) => matches[index] === 'new')

  const rules: Array<{kind: MatchKind; fits: (card: T, old: Card) => boolean}> = [
    {kind: 'moved', fits: (card, old) => card.kind === old.kind && questionOf(card) === questionOf(old)},
    {
      kind: 'reworded',
      fits: (card, old) =>
        card.kind === old.kind && normalizeQuestion(card.back) === normalizeQuestion(old.back) && isLightEdit(questionOf(card), questionOf(old))
    }
  ]
  for (const rule of rules) {
    const open = pending()
    const candidates = new Map<number, Card[]>()
    const claimedBy = new Map<string, number[]>()
    for (const index of open) {
      const fitting = vanished.filter((old) => rule.fits(cards[index], old))
      candidates.set(index, fitting)
      for (const old of fitting) claimedBy.set(old.id, [...(claimedBy.get(old.id) ?? []), index])
    }
    for (const index of open) {
      const fitting = candidates.get(index)!
      if (fitting.length !== 1 || claimedBy.get(fitting[0].id)!.length !== 1) continue
      ids[index] = fitting[0].id
      matches[index] = rule.kind
    }
    const taken = new Set(ids)
    vanished = vanished.filter((old) => !taken.has(old.id))
  }

  return cards.map((card, index) => ({...card, id: ids[index], match: matches[index]}))
}

/** The question a card asks, without the `(N items)` hint that follows its answer. */
function questionOf(card: {front: string}): string {
  return normalizeQuestion(card.front.replace(/\s*\(\d+ items\)$/, ''))
}

function isLightEdit(a: string, b: string): boolean {
  return characterSimilarity(a, b) >= matchThresholds.characters || wordSimilarity(a, b) >= matchThresholds.words
}

export interface Stamped {
  cards: Card[]
  /** Cards of the previous build that are gone now. */
  removed: RemovedCard[]
  counts: ChangeCounts
}

/**
 * Compare with the previous build: unchanged cards keep their modification
 * time; changed and new ones get `now`, always later than what they had, so
 * Anki's “update if newer” import takes them.
 */
export function stamp(
  cards: Array<RenderedCard & {match: MatchKind}>,
  previous: DeckDocument | undefined,
  clock: () => number
): Stamped {
  // The clock is read only when a card changed: unchanged input, same bytes.
  let time: number | undefined
  const now = () => (time ??= clock())
  const previousById = new Map((previous?.cards ?? []).map((card) => [card.id, card]))
  const counts: ChangeCounts = {cards: cards.length, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0}
  const result: Card[] = cards.map(({match, ...card}) => {
    const old = previousById.get(card.id)
    if (!old) {
      counts.added++
      return {...card, modified: now()}
    }
    if (sameContent(card, old)) {
      counts.unchanged++
      return {...card, modified: old.modified}
    }
    if (match === 'moved' || match === 'reworded') counts.renamed++
    else counts.updated++
    return {...card, modified: Math.max(now(), old.modified + 1)}
  })

  const present = new Set(result.map((card) => card.id))
  const goneNow = (previous?.cards ?? []).filter((card) => !present.has(card.id)).map(({id, front}) => ({id, front}))
  counts.removed = goneNow.length
  // Removed cards stay listed until they come back: Anki never deletes on
  // import, so the student needs the list until they act on it.
  const removed = [...(previous?.removed ?? []).filter((card) => !present.has(card.id)), ...goneNow]
  return {cards: result, removed, counts}
}

/** What Anki shows: a change here must reach the student's collection. */
function sameContent(card: RenderedCard, old: Card): boolean {
  return (
    card.kind === old.kind &&
    card.front === old.front &&
    card.back === old.back &&
    card.frontHtml === old.frontHtml &&
    card.backHtml === old.backHtml &&
    card.context.join('\u0000') === old.context.join('\u0000') &&
    card.tags.join(' ') === old.tags.join(' ') &&
    card.source.file === old.source.file
  )
}
