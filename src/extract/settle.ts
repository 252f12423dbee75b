import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {Settings} from '../parse/settings.js'
import {normalizeQuestion, toTag} from '../shared/text.js'
import type {CardDraft} from '../shared/types.js'
import {frontOf, type CardTexts} from './plain-text.js'
import {withoutRepeatedQuestions} from './repeats.js'
import {withRevealConvention} from './reveals.js'

/**
 * What the passes over a whole document read of a card: its texts, not its
 * syntax tree. A large document is extracted a section at a time and its
 * trees let go (`large/sections.ts`); these passes then run once over all cards.
 */
export interface Candidate extends Pick<CardDraft, 'kind' | 'rule' | 'context' | 'place' | 'hint' | 'qualifier' | 'note' | 'reveal'> {
  texts: CardTexts
}

/**
 * Questions that break the document's reveal convention and questions
 * repeated under other sections left out, question keys and tags, then
 * equal fronts told apart: what needs every card of the document at once.
 * Cards come in document order.
 */
export function settle<T extends Candidate>(cards: T[], file: VFile, settings: Settings): Array<T & {key: string; tags: string[]}> {
  return withoutEqualFronts(qualifyEqualFronts(withKeys(withoutRepeatedQuestions(withRevealConvention(cards, file), file), file, settings)), file)
}

function withKeys<T extends Candidate>(drafts: T[], file: VFile, settings: Settings): Array<T & {key: string; tags: string[]}> {
  const firstByKey = new Map<string, T>()
  // The last number given to each duplicated key: counting up from 2 each time would be quadratic.
  const lastNumber = new Map<string, number>()
  const cards: Array<T & {key: string; tags: string[]}> = []
  // One list of tags for all cards under the same headings (never written to).
  const tagLists = new Map<string[], string[]>()
  const tagsOf = (context: string[]) => {
    let tags = tagLists.get(context)
    if (!tags) {
      const headingTag = context.slice(1).map(toTag).filter(Boolean).join('::')
      // A tag may be hierarchical (`biology::cells`, an Obsidian `#biology/cells`): each level a tag word.
      tags = unique([...settings.tags.map((tag) => tag.split('::').map(toTag).filter(Boolean).join('::')).filter(Boolean), ...(headingTag ? [headingTag] : [])])
      tagLists.set(context, tags)
    }
    return tags
  }
  for (const draft of drafts) {
    const headings = draft.context.slice(1)
    // A cloze note asks about its whole text: two notes of one text are one, whatever they delete.
    const asked =
      draft.note === 'cloze'
        ? [normalizeQuestion(draft.texts.answer)]
        : [...draft.texts.parts.map(normalizeQuestion), ...(draft.texts.body === undefined ? [] : [normalizeQuestion(draft.texts.body)])]
    // Another note type is another note: Anki would not update one into the other (`noteKey`).
    let key = [noteKey(draft), headings.map(normalizeQuestion).join('\u001F'), asked.join('\u001F')].join('\u001E')
    const first = firstByKey.get(key)
    let hint = draft.hint
    if (first) {
      if (first.texts.answer === draft.texts.answer) {
        file.info('Same question and answer as line ' + first.place.line + ': left out', {place: draft.place, ruleId: 'duplicate-card', source: 'studydeck'})
        continue
      }
      let count = (lastNumber.get(key) ?? 1) + 1
      while (firstByKey.has(key + '\u001E#' + count)) count++
      lastNumber.set(key, count)
      file.message('Duplicate question `' + frontOf(draft) + '` (first at line ' + first.place.line + '): numbered `(' + count + ')`; reword one of them', {
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
    const card = Object.assign({}, draft, {hint, key, tags: tagsOf(draft.context)})
    firstByKey.set(key, card)
    cards.push(card)
  }
  return cards
}

/**
 * The kind, and the note type when it is not basic: part of the question
 * key, so of the id. Anki skips an update that would change a note's note
 * type, so a card whose note type changes (`reverse: true` turned on) must
 * be a new note.
 */
export function noteKey(card: Pick<Candidate, 'kind' | 'note'>): string {
  return card.note ? card.kind + '/' + card.note : card.kind
}

/**
 * Cards whose fronts read the same (`Installation › Windows` under two
 * headings) get the nearest headings that tell them apart put in front.
 */
function qualifyEqualFronts<T extends Candidate>(cards: T[]): T[] {
  for (let depth = 1; ; depth++) {
    const groups = new Map<string, T[]>()
    for (const card of cards) {
      // A cloze note's front is its own text: no heading is put before it.
      if (card.note === 'cloze') continue
      const front = frontOf(card)
      const group = groups.get(front)
      if (group) group.push(card)
      else groups.set(front, [card])
    }
    let changed = false
    for (const group of groups.values()) {
      if (group.length < 2) continue
      for (const card of group) {
        const lead = card.texts.parts.length > 1 ? card.texts.parts[0] : undefined
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
function withoutEqualFronts<T extends Candidate>(cards: T[], file: VFile): T[] {
  const seen = new Map<string, T[]>()
  const kept: T[] = []
  for (const card of cards) {
    if (card.note === 'cloze') {
      kept.push(card)
      continue
    }
    const front = frontOf(card)
    const earlier = seen.get(front) ?? []
    if (earlier.some((other) => other.texts.answer === card.texts.answer)) {
      file.info('Same question and answer as line ' + earlier[0].place.line + ': left out', {place: card.place, ruleId: 'duplicate-card', source: 'studydeck'})
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
