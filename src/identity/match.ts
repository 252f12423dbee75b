import {hash} from 'node:crypto'
import {withFields} from '../offheap/held-texts.js'
import type {Identifiable} from '../render/card.js'
import {texText} from '../shared/tex-text.js'
import {normalizeQuestion} from '../shared/text.js'
import type {Card, DeckDocument} from '../shared/types.js'
import {cardId} from './ids.js'
import {isTypo, numbersOf, wordEdits, wordsOf} from './similarity.js'

/**
 * Which card of the previous build each card of this one is: the rules that
 * let a card keep its id (and so its reviews in Anki) through an edit.
 */

/**
 * Thresholds for keeping the id of a reworded question (`docs/identity.md`).
 * Parts of a front copied from a heading (a list's lead-in, a table's
 * caption) are compared as “the heading above”, so renaming a heading is no
 * edit of the question.
 */
export const matchThresholds = {
  /** A word spelled differently counts as the same word (a typo fixed) from this many letters. */
  typoLength: 4,
  /** Words inserted, deleted or replaced in the whole question: at most this many. */
  words: 2,
  /** …and in each part of the front that changed, at most this share of its words. */
  share: 0.4
}

/**
 * How a card got its id: `same` (its own question, found by its key or
 * unchanged in the previous build), `moved` (the same question under other
 * headings), `relabelled` (the same answer and prompt, under a renamed
 * lead-in or caption), `reworded` (the same answer, a lightly edited
 * question), `new`.
 */
export type MatchKind = 'same' | 'moved' | 'relabelled' | 'reworded' | 'new'

/**
 * What matching compares, for new and previous cards alike. Most cards are
 * found by the first rule, so what only later rules need is computed when
 * they ask.
 */
class Facts {
  readonly kind: string
  /** The card, read (from where a large document holds its texts) when a rule asks. */
  readonly #card: {front: string; back: string; context: string[]}
  #parts?: string[]
  #answer?: string
  #words?: string[][]
  #shape?: string

  /** A cloze note: its front is its text with the deletions hidden, its back with them shown. */
  readonly cloze: boolean
  #backWords?: string[]

  constructor(card: {kind: string; note?: string; front: string; back: string; context: string[]}) {
    // Another note type is another note (Anki skips an update that changes a note's type): never matched.
    this.kind = card.note ? card.kind + '/' + card.note : card.kind
    this.cloze = card.note === 'cloze'
    this.#card = card
  }

  /** Normalized headings above the card (the title left out: renaming the document keeps ids). */
  get headings(): string[] {
    return headingsOf(this.#card.context)
  }

  /** Normalized front parts, without the `(N items)` hint. */
  get parts(): string[] {
    return (this.#parts ??= partsOf(this.#card.front, this.kind))
  }

  /**
   * The first rule's key, made without keeping the parts: every card of a
   * document asks for it, few for anything more.
   */
  get sameKey(): string {
    return digestKey([this.kind, this.headings.join('\u001F'), (this.#parts ?? partsOf(this.#card.front, this.kind)).join('\u001F')].join(separator))
  }

  /** Normalized back. */
  get answer(): string {
    return (this.#answer ??= normalizeQuestion(readTex(this.#card.back)))
  }

  /** The words of the back (a cloze note's text, its deletions shown). */
  get backWords(): string[] {
    return (this.#backWords ??= wordsOf(this.answer))
  }

  /** The parts, with a part that is one of the card's headings written as `§n`. */
  get relative(): string[] {
    return this.parts.map((part) => {
      const at = this.headings.lastIndexOf(part)
      return at === -1 ? part : '§' + (this.headings.length - at)
    })
  }

  /** The words of each relative part. */
  get words(): string[][] {
    return (this.#words ??= this.relative.map((part) => wordsOf(part)))
  }

  /**
   * What a light edit cannot change: how many parts, the numbers, and each
   * one-word part's first letter (one word can only change by a typo).
   */
  get shape(): string {
    this.#shape ??= [numbersOf(this.relative.join(' ')).join(' '), ...this.words.map((list) => (list.length === 1 ? list[0][0] : list.length === 0 ? '0' : '*'))].join(
      '\u001F'
    )
    return this.#shape
  }
}

/** Normalized headings by context list: the cards under the same headings share one list (and a large previous build's are shared when read). */
const normalizedHeadings = new WeakMap<string[], string[]>()

function headingsOf(context: string[]): string[] {
  let headings = normalizedHeadings.get(context)
  if (!headings) {
    headings = context.slice(1).map((heading) => normalizeQuestion(readTex(heading)))
    normalizedHeadings.set(context, headings)
  }
  return headings
}

function partsOf(front: string, kind?: string): string[] {
  const parts = front.replace(/\s*\(\d+ items\)$/, '').split(' › ')
  // A table cell asks `row key — column?`: the key and the column are parts of their own, as they were before it read so.
  const last = parts[parts.length - 1]
  const at = kind === 'table' ? last.lastIndexOf(' — ') : -1
  if (at > 0) parts.splice(parts.length - 1, 1, last.slice(0, at), last.slice(at + 3))
  return parts.map((part) => normalizeQuestion(readTex(part)))
}

/**
 * A text as it reads once its TeX is read (`\text{S}_\text{N}2` → `SN2`):
 * builds before math was shown as text wrote fronts and headings with the
 * TeX itself, and a question must keep its id across that change (texts
 * without TeX's marks are left as they are, on both sides).
 */
function readTex(text: string): string {
  // Earlier builds kept the dollars of math in answers: `$\ce{C12H26}$` reads `C₁₂H₂₆`.
  const read = text.includes('$') ? text.replace(/\$\$?([^$]+)\$\$?/g, (dollars, tex: string) => texText(tex) ?? dollars) : text
  return /\\[a-zA-Z]|[_^]/.test(read) ? (texText(read) ?? read) : read
}

/** A key as a short digest: the first rule keeps one for every previous card. */
function digestKey(key: string): string {
  return hash('sha256', key, 'base64')
}

type Rule = {kind: MatchKind} & (
  | {key: (card: Facts) => string | undefined}
  | {group: (card: Facts) => string | undefined; fits: (card: Facts, old: Facts) => boolean}
)

const separator = '\u0000'

/**
 * The rules, most certain first. Each pairs a new card with a vanished one
 * only when each is the other's only fit; anything ambiguous gets a new id:
 * a wrong match would carry one card's reviews to another.
 */
const rules: Rule[] = [
  // The same question in the same place: ids carried by earlier matches stay.
  {kind: 'same', key: (card) => card.sameKey},
  // A cloze note whose text is the same, whatever it deletes now (a deletion added, removed, renumbered).
  {kind: 'same', key: (card) => (card.cloze ? [card.kind, card.headings.join('\u001F'), card.answer].join(separator) : undefined)},
  {kind: 'moved', key: (card) => [card.kind, card.parts.join('\u001F')].join(separator)},
  {
    kind: 'relabelled',
    key: (card) => (card.answer && card.parts.length > 1 ? [card.kind, card.answer, card.parts.slice(1).join('\u001F')].join(separator) : undefined)
  },
  {
    kind: 'reworded',
    group: (card) => (card.answer ? [card.kind, card.answer, card.shape].join(separator) : undefined),
    fits: (card, old) => lightEdit(card.words, old.words)
  },
  // A cloze note lightly edited both with its deletions hidden and shown: a deletion edited and another added, a word fixed.
  {
    kind: 'reworded',
    group: (card) => (card.cloze ? card.kind : undefined),
    fits: (card, old) => lightEdit(card.words, old.words) && lightEdit([card.backWords], [old.backWords])
  }
]

/**
 * Comparisons the similarity rule may make in one document. Past it (thousands
 * of changed cards sharing one short answer, a table replaced) the rule is
 * skipped as a whole: half a comparison could make an ambiguous pair look unique.
 */
export const comparisonBudget = 1_000_000

/**
 * Give every card its id. A card keeps the id of the previous build's card it
 * is (its key gives that id, or a rule above matches it); other cards get the
 * id their key gives. Ids are unique in the result.
 */
export function identify<T extends Identifiable>(cards: T[], deckKey: string, previous?: DeckDocument): Array<T & {id: string; match: MatchKind}> {
  const fresh = cards.map((card) => cardId(deckKey, card.key))
  const ids: Array<string | undefined> = cards.map(() => undefined)
  const matches: MatchKind[] = cards.map(() => 'new')
  const vanished = new Map<string, {card: Card; facts: Facts}>()
  for (const card of previous?.cards ?? []) vanished.set(card.id, {card, facts: new Facts(card)})

  const take = (index: number, id: string, kind: MatchKind) => {
    ids[index] = id
    matches[index] = kind
    vanished.delete(id)
  }
  const open = () => cards.flatMap((_, index) => (ids[index] === undefined ? [index] : []))

  // A first build has nothing to match: no facts to gather.
  const facts = vanished.size > 0 ? cards.map((card) => new Facts(card)) : []
  for (const [position, rule] of vanished.size > 0 ? rules.entries() : []) {
    const candidates = new Map<number, string[]>()
    const claims = new Map<string, number>()
    if ('key' in rule) {
      const byKey = new Map<string, string[]>()
      for (const [id, old] of vanished) {
        const key = rule.key(old.facts)
        if (key !== undefined) append(byKey, key, id)
      }
      for (const index of open()) {
        const key = rule.key(facts[index])
        if (key !== undefined) candidates.set(index, byKey.get(key) ?? [])
      }
    } else {
      const byGroup = new Map<string, string[]>()
      for (const [id, old] of vanished) {
        const group = rule.group(old.facts)
        if (group !== undefined) append(byGroup, group, id)
      }
      const groups = open().map((index) => [index, rule.group(facts[index])] as const)
      const cost = groups.reduce((sum, [, group]) => sum + (group === undefined ? 0 : (byGroup.get(group)?.length ?? 0)), 0)
      if (cost > comparisonBudget) continue
      for (const [index, group] of groups) {
        if (group === undefined) continue
        candidates.set(index, (byGroup.get(group) ?? []).filter((id) => rule.fits(facts[index], vanished.get(id)!.facts)))
      }
    }
    for (const fitting of candidates.values()) for (const id of fitting) claims.set(id, (claims.get(id) ?? 0) + 1)
    for (const [index, fitting] of candidates) {
      if (fitting.length === 1 && claims.get(fitting[0]) === 1) take(index, fitting[0], rule.kind)
    }
    // After the exact rule, a card whose key gives the id of a card still unmatched is that card.
    if (position === 0) {
      for (const index of open()) if (vanished.has(fresh[index])) take(index, fresh[index], 'same')
    }
  }

  // The rest get the id their key gives, unless a matched card carries it
  // (a question asked again after it was reworded): then one derived from it.
  const used = new Set(ids.filter((id): id is string => id !== undefined))
  for (const index of open()) {
    let id = fresh[index]
    for (let count = 2; used.has(id); count++) id = cardId(deckKey, cards[index].key + '\u001E~' + count)
    ids[index] = id
    used.add(id)
  }
  // Not a spread with more keys: V8 gives each spread-and-extended object a hidden class of its own; nor a read of held texts.
  return cards.map((card, index) => withFields(card, {id: ids[index]!, match: matches[index]}))
}

/**
 * Whether identifying `cards` against the build they just made (`stamp` of
 * `identify` of them) gives every card its own id back, unchanged, without
 * reading the clock: so when no two of them share the first rule's key.
 * Each is then that rule's only fit for itself, and it for its previous
 * self; the same content follows, as the build was made from these cards.
 */
export function matchesItself(cards: Identifiable[]): boolean {
  const keys = new Set<string>()
  for (const card of cards) {
    const key = new Facts(card).sameKey
    if (keys.has(key)) return false
    keys.add(key)
  }
  return true
}

function append(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * A question lightly edited (`docs/identity.md`): the same parts but for a
 * few words, and the same numbers (`Type 1` and `Type 2` ask different things).
 */
export function isLightEdit(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  if (numbersOf(a.join(' ')).join(' ') !== numbersOf(b.join(' ')).join(' ')) return false
  return lightEdit(a.map((part) => wordsOf(part)), b.map((part) => wordsOf(part)))
}

function sameWord(a: string, b: string): boolean {
  return isTypo(a, b, matchThresholds.typoLength)
}

function unpaired(words: string[], others: string[]): number {
  let count = 0
  for (const word of words) if (!others.some((other) => other[0] === word[0])) count++
  return count
}

/** The word limits of a light edit, on the words of each part (same numbers and part count already checked). */
function lightEdit(a: string[][], b: string[][]): boolean {
  let total = 0
  for (const [index, left] of a.entries()) {
    const right = b[index]
    const longer = Math.max(left.length, right.length)
    // Cheap refusals first: most pairs compared differ in length.
    if (Math.abs(left.length - right.length) > matchThresholds.words) return false
    if (left.length === right.length && left.every((word, at) => word === right[at])) continue
    // A word whose first letter starts no word on the other side costs an edit (a typo keeps it).
    if (Math.max(unpaired(left, right), unpaired(right, left)) > matchThresholds.share * longer) return false
    const edits = wordEdits(left, right, sameWord)
    if (edits > matchThresholds.share * longer) return false
    total += edits
    if (total > matchThresholds.words) return false
  }
  return true
}
