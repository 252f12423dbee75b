import type {Card, DeckDocument} from '../types.js'

/**
 * Serialize a deck document. Keys are written in one fixed order so that
 * the same cards always give the same bytes.
 */
export function toJson(document: DeckDocument): string {
  const ordered: DeckDocument = {
    version: 1,
    generator: document.generator,
    deck: {name: document.deck.name, id: document.deck.id},
    source: document.source,
    cards: document.cards.map((card) => orderCard(card)),
    removed: document.removed.map(({id, front}) => ({id, front}))
  }
  return JSON.stringify(ordered, null, 2) + '\n'
}

function orderCard(card: Card): Card {
  return {
    id: card.id,
    kind: card.kind,
    front: card.front,
    back: card.back,
    frontHtml: card.frontHtml,
    backHtml: card.backHtml,
    context: card.context,
    tags: card.tags,
    source: {file: card.source.file, line: card.source.line},
    modified: card.modified
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
  const document = data as DeckDocument
  if (!document || document.version !== 1 || !Array.isArray(document.cards)) {
    return {problem: 'is not a studydeck version 1 document'}
  }
  const valid = document.cards.every(
    (card) => card && typeof card.id === 'string' && typeof card.front === 'string' && typeof card.back === 'string' && Number.isInteger(card.modified)
  )
  if (!valid) return {problem: 'has cards without id, front, back or modified'}
  return {document: {...document, removed: Array.isArray(document.removed) ? document.removed : []}}
}
