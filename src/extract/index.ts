import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {plainBlocks} from '../render.js'
import type {Settings} from '../settings.js'
import {normalizeQuestion, toTag} from '../text.js'
import type {CardDraft} from '../types.js'
import {skipped, type Draft, type ExtractContext} from './context.js'
import {extractFaqHeadings} from './faq.js'
import {extractGlossaryHeadings} from './glossary.js'
import {extractLists} from './list.js'
import {outline} from './outline.js'
import {phrasingText} from './phrasing.js'
import {extractQuestionBlocks, reportRevealDetails} from './qa.js'
import {extractTables} from './table.js'

/**
 * The longest side a card may have, in plain characters. A longer answer is
 * a chapter, not a card: it is left out with a warning (never cut short,
 * since half an answer teaches the wrong thing).
 */
export const maxSideLength = 2000

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
    consumed: new Set(),
    claimed: new Set()
  }
  for (const skip of ctx.outline.skips) {
    if (skip.warn) file.message(skip.reason, {place: skip.node.position, ruleId: skip.ruleId, source: 'studydeck'})
    else skipped(ctx, skip.node, skip.ruleId, skip.reason)
  }
  const drafts: Draft[] = []
  // Questions first: they claim their answers, which lists then respect;
  // questions in the blocks themselves (F3–F5) before those in headings.
  if (settings.kinds.faq) {
    drafts.push(...extractQuestionBlocks(ctx), ...extractFaqHeadings(ctx))
    reportRevealDetails(ctx)
  }
  if (settings.kinds.list) drafts.push(...extractGlossaryHeadings(ctx))
  if (settings.kinds.table) drafts.push(...extractTables(ctx))
  if (settings.kinds.list) drafts.push(...extractLists(ctx))
  drafts.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column)
  const usable = drafts.filter((draft) => isUsable(draft, ctx))
  return withoutEqualFronts(qualifyEqualFronts(withKeys(usable, ctx, settings)), ctx)
}

/**
 * Junk no card may be: an empty side, a back that is only a URL, a back
 * that repeats the front, a side over `maxSideLength`.
 */
function isUsable(draft: Draft, ctx: ExtractContext): boolean {
  const front = frontText(draft)
  const back = plainBlocks(draft.answer)
  const reject = (ruleId: string, reason: string, warn = false) => {
    if (warn) ctx.file.message(reason, {place: draft.place, ruleId, source: 'studydeck'})
    else ctx.file.info(reason, {place: draft.place, ruleId, source: 'studydeck'})
    return false
  }
  if (!front.trim() || !back.trim()) return reject('card-empty', 'Card `' + front + '` would have an empty side: left out')
  if (/^<?(?:https?:\/\/|www\.|mailto:)\S+>?$/i.test(back.trim())) return reject('card-url-only', 'Answer of `' + front + '` is only a URL: nothing to learn, left out')
  if (normalizeQuestion(front) === normalizeQuestion(back)) return reject('card-front-is-back', 'Answer of `' + front + '` repeats its question: left out')
  for (const [side, value] of [['Question', front], ['Answer', back]]) {
    if (value.length > maxSideLength) {
      return reject(
        'card-too-long',
        side + ' of `' + truncate(front) + '` is ' + value.length + ' characters, over ' + maxSideLength + ': left out. Split it (sub-headings, a shorter answer) or opt it out with `<!-- studydeck-ignore -->`',
        true
      )
    }
  }
  return true
}

function truncate(value: string): string {
  return value.length > 80 ? value.slice(0, 79) + '…' : value
}

/** The plain front of a card, as the student reads it. */
export function frontText(card: Pick<CardDraft, 'parts' | 'hint' | 'qualifier' | 'body'>): string {
  const parts = [...(card.qualifier ?? []), ...card.parts.map((part) => phrasingText(part))]
  const body = card.body ? plainBlocks(card.body) : ''
  return parts.join(' › ') + (card.hint ? ' (' + card.hint + ')' : '') + (body ? '\n\n' + body : '')
}

function withKeys(drafts: Draft[], ctx: ExtractContext, settings: Settings): CardDraft[] {
  const firstByKey = new Map<string, CardDraft>()
  // The last number given to each duplicated key: counting up from 2 each time would be quadratic.
  const lastNumber = new Map<string, number>()
  const cards: CardDraft[] = []
  for (const draft of drafts) {
    const headings = draft.context.slice(1)
    const asked = [...draft.parts.map((part) => normalizeQuestion(phrasingText(part))), ...(draft.body ? [normalizeQuestion(plainBlocks(draft.body))] : [])]
    let key = [draft.kind, headings.map(normalizeQuestion).join('\u001F'), asked.join('\u001F')].join('\u001E')
    const first = firstByKey.get(key)
    let hint = draft.hint
    if (first) {
      if (plainBlocks(first.answer) === plainBlocks(draft.answer)) {
        ctx.file.info('Same question and answer as line ' + first.place.line + ': left out', {place: draft.place, ruleId: 'duplicate-card', source: 'studydeck'})
        continue
      }
      let count = (lastNumber.get(key) ?? 1) + 1
      while (firstByKey.has(key + '\u001E#' + count)) count++
      lastNumber.set(key, count)
      ctx.file.message('Duplicate question `' + frontText(draft) + '` (first at line ' + first.place.line + '): numbered `(' + count + ')`; reword one of them', {
        place: draft.place,
        ruleId: 'duplicate-question',
        source: 'studydeck',
        // Both places, as remark-lint-no-duplicate-headings does.
        cause: new VFileMessage('First asked here', {place: first.place, ruleId: 'duplicate-question', source: 'studydeck'})
      })
      key += '\u001E#' + count
      // The same front with another back would leave the student guessing which is meant.
      hint = (hint ? hint + ', ' : '') + count
    }
    const headingTag = headings.map(toTag).filter(Boolean).join('::')
    const card: CardDraft = {...draft, hint, key, tags: unique([...settings.tags.map(toTag).filter(Boolean), ...(headingTag ? [headingTag] : [])])}
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
      const group = groups.get(front)
      if (group) group.push(card)
      else groups.set(front, [card])
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

/**
 * Last guard: fronts that still read the same after qualifying. The same
 * answer is one card; another answer gets a number.
 */
function withoutEqualFronts(cards: CardDraft[], ctx: ExtractContext): CardDraft[] {
  const seen = new Map<string, CardDraft[]>()
  const kept: CardDraft[] = []
  for (const card of cards) {
    const front = frontText(card)
    const earlier = seen.get(front) ?? []
    if (earlier.some((other) => plainBlocks(other.answer) === plainBlocks(card.answer))) {
      ctx.file.info('Same question and answer as line ' + earlier[0].place.line + ': left out', {place: card.place, ruleId: 'duplicate-card', source: 'studydeck'})
      continue
    }
    if (earlier.length > 0) card.hint = (card.hint ? card.hint + ', ' : '') + (earlier.length + 1)
    seen.set(front, [...earlier, card])
    kept.push(card)
  }
  return kept
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
