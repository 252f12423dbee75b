import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {Settings} from '../settings.js'
import {normalizeQuestion, toTag} from '../text.js'
import type {CardDraft} from '../types.js'
import {type Draft, type ExtractContext} from './context.js'
import {extractFaqHeadings} from './faq.js'
import {extractLists} from './list.js'
import {outline} from './outline.js'
import {phrasingText} from './phrasing.js'
import {extractTables} from './table.js'

/**
 * Find the cards in a document, in document order, each with its question
 * key and tags. Content problems go to `file` as messages.
 */
export function extract(tree: Root, file: VFile, settings: Settings, fallbackTitle: string): CardDraft[] {
  const ctx: ExtractContext = {
    file,
    tree,
    settings,
    outline: outline(tree, fallbackTitle),
    answers: new Set(),
    consumed: new Set()
  }
  const drafts: Draft[] = []
  // Questions first: they claim their answers, which lists then respect.
  if (settings.kinds.faq) drafts.push(...extractFaqHeadings(ctx))
  if (settings.kinds.table) drafts.push(...extractTables(ctx))
  if (settings.kinds.list) drafts.push(...extractLists(ctx))
  drafts.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column)
  return qualifyEqualFronts(withKeys(drafts, ctx, settings))
}

/** The plain front of a card, as the student reads it. */
export function frontText(card: Pick<CardDraft, 'parts' | 'hint' | 'qualifier'>): string {
  const parts = [...(card.qualifier ?? []), ...card.parts.map((part) => phrasingText(part))]
  return parts.join(' › ') + (card.hint ? ' (' + card.hint + ')' : '')
}

function withKeys(drafts: Draft[], ctx: ExtractContext, settings: Settings): CardDraft[] {
  const firstByKey = new Map<string, CardDraft>()
  const cards: CardDraft[] = []
  for (const draft of drafts) {
    const headings = draft.context.slice(1)
    let key = [draft.kind, headings.map(normalizeQuestion).join('\u001F'), draft.parts.map((part) => normalizeQuestion(phrasingText(part))).join('\u001F')].join('\u001E')
    const first = firstByKey.get(key)
    if (first) {
      let count = 2
      while (firstByKey.has(key + '\u001E#' + count)) count++
      ctx.file.message('Duplicate question `' + frontText(draft) + '` (first at line ' + first.place.line + ')', {
        place: draft.place,
        ruleId: 'duplicate-question',
        source: 'studydeck'
      })
      key += '\u001E#' + count
    }
    const headingTag = headings.map(toTag).filter(Boolean).join('::')
    const card: CardDraft = {...draft, key, tags: unique([...settings.tags.map(toTag).filter(Boolean), ...(headingTag ? [headingTag] : [])])}
    firstByKey.set(key, card)
    cards.push(card)
  }
  return cards
}

/**
 * Cards whose fronts read the same (`Installation › Windows` under two
 * headings) get the nearest headings that tell them apart put in front.
 */
function qualifyEqualFronts(cards: CardDraft[]): CardDraft[] {
  for (let depth = 1; ; depth++) {
    const groups = new Map<string, CardDraft[]>()
    for (const card of cards) {
      const front = frontText(card)
      groups.set(front, [...(groups.get(front) ?? []), card])
    }
    let changed = false
    for (const group of groups.values()) {
      if (group.length < 2) continue
      for (const card of group) {
        const lead = card.parts.length > 1 ? phrasingText(card.parts[0]) : undefined
        const headings = card.context.slice(1).filter((heading) => heading !== lead)
        const qualifier = headings.slice(Math.max(0, headings.length - depth))
        if (qualifier.length !== (card.qualifier?.length ?? 0)) {
          card.qualifier = qualifier
          changed = true
        }
      }
    }
    if (!changed) return cards
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
