import type {ChangeCounts, NoteKind, RenderedCard} from './types.js'

/**
 * The cards Anki has of a note, by ordinal: the one card of a basic note,
 * both directions of a reversed one, and a card per deletion number of a
 * cloze note (ordinal = number − 1). Anki's importer makes no cards: a
 * package holds every one.
 */
export function cardOrdinals(card: Pick<RenderedCard, 'note' | 'cloze'>): number[] {
  if (card.note === 'reversed') return [0, 1]
  if (card.note === 'cloze') return (card.cloze?.numbers ?? [1]).map((number) => number - 1)
  return [0]
}

/** Notes and their Anki cards by note type; unset when every note is basic (one card each). */
export function noteTypeCounts(cards: Iterable<Pick<RenderedCard, 'note' | 'cloze'>>): ChangeCounts['noteTypes'] {
  const counts: NonNullable<ChangeCounts['noteTypes']> = {}
  let other = false
  for (const card of cards) {
    const type: NoteKind | 'basic' = card.note ?? 'basic'
    const entry = (counts[type] ??= {notes: 0, cards: 0})
    entry.notes++
    entry.cards += cardOrdinals(card).length
    if (card.note) other = true
  }
  return other ? counts : undefined
}
