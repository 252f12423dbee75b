import {cardTexts, holdTexts, holdTextsFrom} from '../offheap/held-texts.js'
import {TextStore} from '../offheap/text-store.js'
import type {Card, DeckDocument, RemovedCard} from '../shared/types.js'
import {cardRanges} from './json-cards.js'

/**
 * Serialize a deck document. Keys are written in one fixed order so that
 * the same cards always give the same bytes.
 */
export function toJson(document: DeckDocument): string {
  return JSON.stringify(ordered(document), null, 2) + '\n'
}

/**
 * The same JSON as `toJson`, as UTF-8 bytes, made a few hundred cards at a
 * time. As one string it would take two bytes a character (a front holding
 * `›` makes the whole string so): a deck of 250,000 cards would hold half a
 * gigabyte of text, then its bytes again to write and hash them.
 */
export function toJsonBytes(document: DeckDocument): Buffer {
  return Buffer.concat([...jsonPieces(document)])
}

/** The bytes of `toJsonBytes`, a few hundred cards at a time: what a large deck's JSON is written and hashed from. */
export function* jsonPieces(document: DeckDocument): Generator<Buffer> {
  // The document without its lists, as JSON.stringify lays it out; the lists go where its `[]` are
  // (a string value holds no raw line break: only the layout's own lines start with `  "cards": `).
  const outline = JSON.stringify(ordered({...document, cards: [], removed: []}), null, 2)
  const [head, middle, tail] = outline.split(/(?<=\n  "(?:cards|removed)": )\[\]/)
  yield Buffer.from(head)
  yield* listBytes(document.cards, orderCard)
  yield Buffer.from(middle)
  yield* listBytes(document.removed, orderRemoved)
  yield Buffer.from(tail + '\n')
}

/** Items serialized at once: big enough that a call costs little, small enough that the text stays small. */
const batchSize = 512
const comma = Buffer.from(',\n')
const end = Buffer.from('\n  ]')

/** A list one level down in the document, laid out as `JSON.stringify(…, null, 2)` does, a batch at a time. */
function* listBytes<T, U>(items: T[], order: (item: T) => U): Generator<Buffer> {
  if (items.length === 0) {
    yield Buffer.from('[]')
    return
  }
  yield Buffer.from('[\n')
  for (let start = 0; start < items.length; start += batchSize) {
    // Wrapped as the document wraps it, the batch comes out indented as there: `{\n  "list": [\n    {…},\n    {…}\n  ]\n}`.
    const wrapped = JSON.stringify({list: items.slice(start, start + batchSize).map(order)}, null, 2)
    const inner = wrapped.slice('{\n  "list": [\n'.length, -'\n  ]\n}'.length)
    yield Buffer.from(inner)
    yield start + batchSize < items.length ? comma : end
  }
}

function ordered(document: DeckDocument): DeckDocument {
  return {
    version: 1,
    generator: document.generator,
    deck: {name: document.deck.name, id: document.deck.id},
    source: document.source,
    // Undefined values are left out by JSON.stringify: a document without records has no key.
    noteTypes: document.noteTypes && orderNoteTypes(document.noteTypes),
    cards: document.cards.map((card) => orderCard(card)),
    removed: document.removed.map(orderRemoved)
  }
}

function orderNoteTypes(records: NonNullable<DeckDocument['noteTypes']>): DeckDocument['noteTypes'] {
  return Object.fromEntries(Object.keys(records).sort().map((name) => [name, {digest: records[name].digest, modified: records[name].modified}]))
}

function orderRemoved({id, front, created}: RemovedCard): RemovedCard {
  return {id, front, created}
}

/** A card's keys in their order; those of notes beyond the basic one (`note`, `cloze`, `deck`) only when set (JSON.stringify leaves out `undefined`). */
function orderCard(card: Card): Card {
  return {
    id: card.id,
    kind: card.kind,
    note: card.note,
    front: card.front,
    back: card.back,
    frontHtml: card.frontHtml,
    backHtml: card.backHtml,
    cloze: card.cloze && {text: card.cloze.text, numbers: card.cloze.numbers, extra: card.cloze.extra},
    context: card.context,
    tags: card.tags,
    deck: card.deck,
    source: {file: card.source.file, line: card.source.line},
    modified: card.modified,
    created: card.created
  }
}

/**
 * Read a previous build's document, the memory of identity. Returns
 * `undefined` with a reason when it cannot serve as one.
 */
export function fromJson(text: string): {document?: DeckDocument; problem?: string} {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return {problem: 'is not valid JSON'}
  }
  return checked(data)
}

/**
 * `fromJson` from the file's bytes, a card at a time (`json-cards.ts`):
 * never the text of the whole document as one string.
 */
export function fromJsonBytes(bytes: Uint8Array, {holdFrom = holdTextsFrom} = {}): {document?: DeckDocument; problem?: string} {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ranges = cardRanges(buffer)
  if (!ranges) return fromJson(buffer.toString('utf8'))
  let data: {cards?: unknown[]}
  const cards: unknown[] = []
  // A large document's previous cards hold their texts in a store, as its new cards do.
  const store = ranges.items.length / 2 >= holdFrom ? new TextStore() : undefined
  // …and share one context and one tag list among the cards under the same headings.
  const lists = new Map<string, unknown>()
  try {
    data = JSON.parse(buffer.toString('utf8', 0, ranges.start) + '[]' + buffer.toString('utf8', ranges.end)) as {cards?: unknown[]}
    for (let index = 0; index < ranges.items.length; index += 2) {
      const card: unknown = JSON.parse(buffer.toString('utf8', ranges.items[index], ranges.items[index + 1]))
      cards.push(store ? held(card, store, lists) : card)
    }
  } catch {
    return {problem: 'is not valid JSON'}
  }
  if (data && typeof data === 'object' && Array.isArray(data.cards)) data.cards = cards
  return checked(data)
}

/** A card read, its texts held in `store` when they are texts (a damaged card is left as it is, for `checked` to judge). */
function held(card: unknown, store: TextStore, lists: Map<string, unknown>): unknown {
  if (!card || typeof card !== 'object' || Array.isArray(card)) return card
  const {front, back, frontHtml, backHtml, ...rest} = card as Record<string, unknown>
  const texts = {front, back, frontHtml, backHtml}
  if (!Object.values(texts).every((text) => text === undefined || typeof text === 'string')) return card
  for (const name of ['context', 'tags']) {
    if (!Array.isArray(rest[name])) continue
    const key = name + JSON.stringify(rest[name])
    const shared = lists.get(key)
    if (shared) rest[name] = shared
    else lists.set(key, rest[name])
  }
  return holdTexts(rest, store, texts as Record<string, string>, cardTexts)
}

function checked(data: unknown): {document?: DeckDocument; problem?: string} {
  const document = data as DeckDocument
  if (!document || document.version !== 1 || !Array.isArray(document.cards)) {
    return {problem: 'is not a studydeck version 1 document'}
  }
  const valid = document.cards.every(
    (card) => card && typeof card.id === 'string' && typeof card.front === 'string' && typeof card.back === 'string' && Number.isInteger(card.modified)
  )
  if (!valid) return {problem: 'has cards without id, front, back or modified'}
  // What is not as written is left out (an id's time, a note type's record): the ids of such cards are as before, a note type is stamped anew.
  for (const card of document.cards) if (card.created !== undefined && !isTime(card.created)) delete card.created
  const removed = Array.isArray(document.removed) ? document.removed : []
  for (const card of removed) if (card && card.created !== undefined && !isTime(card.created)) delete card.created
  return {document: {...document, noteTypes: noteTypeRecords(document.noteTypes), removed}}
}

function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0
}

/** The records that are records (`{digest, modified}`), or undefined. */
function noteTypeRecords(value: unknown): DeckDocument['noteTypes'] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const records: NonNullable<DeckDocument['noteTypes']> = {}
  for (const [name, record] of Object.entries(value)) {
    if (record && typeof record.digest === 'string' && Number.isSafeInteger(record.modified)) records[name] = {digest: record.digest, modified: record.modified}
  }
  return records
}
