import type {VFile} from 'vfile'
import {normalizeQuestion} from '../shared/text.js'
import type {CardDraft} from '../shared/types.js'
import type {CardTexts} from './plain-text.js'

/** What this pass reads of a card (`settle.ts` gives it its candidates). */
type Repeatable = Pick<CardDraft, 'kind' | 'context' | 'place'> & {texts: CardTexts}

/**
 * The same question with the same answer under two or more sections of a
 * document: one card. Interview collections copy a topic's questions into
 * a catch-all section (`JavaScript` holds React's `What is context?`); the
 * catch-all is the section that shares repeated questions with the most
 * other sections, and its copy goes, since the topical one names the
 * subject (`React › What is context?`). Between equals, the first stays.
 * Questions only: a term defined twice is another rule's matter.
 */
export function withoutRepeatedQuestions<T extends Repeatable>(cards: T[], file: VFile): T[] {
  const groups = new Map<string, T[]>()
  for (const card of cards) {
    if (card.kind !== 'faq') continue
    const key = [...card.texts.parts.map(normalizeQuestion), normalizeQuestion(card.texts.body ?? ''), card.texts.answer].join('\u001E')
    const group = groups.get(key)
    if (group) group.push(card)
    else groups.set(key, [card])
  }
  const section = (card: T) => card.context.slice(1).join('\u001F')
  // For each section, the other sections it shares a repeated question with.
  const shared = new Map<string, Set<string>>()
  const repeated: T[][] = []
  for (const group of groups.values()) {
    const sections = new Set(group.map(section))
    if (group.length < 2 || sections.size < 2) continue
    repeated.push(group)
    for (const one of sections) {
      const others = shared.get(one) ?? new Set<string>()
      for (const other of sections) if (other !== one) others.add(other)
      shared.set(one, others)
    }
  }
  if (repeated.length === 0) return cards

  const dropped = new Set<T>()
  for (const group of repeated) {
    const score = (card: T) => shared.get(section(card))?.size ?? 0
    const kept = group.reduce((best, card) => (score(card) < score(best) ? card : best))
    for (const card of group) {
      // Copies within one section are `settle`'s (`duplicate-card`).
      if (card === kept || section(card) === section(kept)) continue
      dropped.add(card)
      const where = kept.context.length > 1 ? ' (under `' + kept.context[kept.context.length - 1] + '`)' : ''
      file.info('Same question and answer as line ' + kept.place.line + where + ': left out', {place: card.place, ruleId: 'duplicate-card', source: 'studydeck'})
    }
  }
  return cards.filter((card) => !dropped.has(card))
}
