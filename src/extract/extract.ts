import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {parseableSource} from '../parse/source.js'
import type {Settings} from '../parse/settings.js'
import {isObsidianNote, structure} from '../parse/structure.js'
import {normalizeQuestion} from '../shared/text.js'
import type {CardDraft} from '../shared/types.js'
import {append, skipped, type Draft, type ExtractContext} from './context.js'
import {outline, type OutlineOptions} from './outline.js'
import {frontOf, textsOf} from './plain-text.js'
import {markAnkiClozes} from '../parse/cloze-syntax.js'
import {readsOsr} from './osr-tags.js'
import {applyReverse} from './reverse.js'
import {ruleFamilies} from './rules/index.js'
import {settle, type Candidate} from './settle.js'
import {nameSubjects} from './subject.js'

/**
 * The longest side a card may have, in plain characters. A longer answer is
 * a chapter, not a card: it is left out with a warning (never cut short,
 * since half an answer teaches the wrong thing).
 */
export const maxSideLength = 2000

/**
 * The longest answer of a question (`faq`), in plain characters. A question
 * is one thing to recall however its answer is laid out: an interview answer
 * with a code example and its sub-headings (`#### Method 1`, `Good to hear`)
 * runs longer than a definition, and a student wants the question rather
 * than nothing. Past this, it is a chapter again.
 */
export const maxAnswerLength = 4000

/**
 * Find the cards in a document, in document order, each with its question
 * key and tags. Content problems go to `file` as messages.
 */
export function extract(tree: Root, file: VFile, settings: Settings, fallbackTitle: string): CardDraft[] {
  const source = String(file.value ?? '')
  const {tags} = structure(tree, {file, source, parsed: parseableSource(source)})
  const withTags = tags.length > 0 ? {...settings, tags: [...new Set([...settings.tags, ...tags])]} : settings
  return settle(extractDrafts(tree, file, withTags, fallbackTitle, {obsidian: isObsidianNote(source)}), file, withTags).map(({texts, ...card}) => (void texts, card))
}

/** A draft with its plain texts, as `settle` reads them. */
export type TextedDraft = Draft & Candidate

/**
 * The cards of a document (or of one of its sections, `OutlineOptions`
 * saying what lies around it), in document order, junk left out; keys,
 * tags and equal fronts are for `settle`, once every card is known.
 */
export function extractDrafts(tree: Root, file: VFile, settings: Settings, fallbackTitle: string, around?: OutlineOptions): TextedDraft[] {
  const ctx = extractContext(tree, file, settings, fallbackTitle, around)
  for (const skip of ctx.outline.skips) {
    if (skip.warn) file.message(skip.reason, {place: skip.node.position, ruleId: skip.ruleId, source: 'studydeck'})
    else skipped(ctx, skip.node, skip.ruleId, skip.reason)
  }
  const drafts: Draft[] = []
  // The rule families in their order (`rules/index.ts`), those of the kinds the document wants.
  for (const family of ruleFamilies) if (settings.kinds[family.kind]) append(drafts, family.extract(ctx))
  // Both directions where the document or a section asks for them (`reverse.ts`).
  applyReverse(ctx, drafts)
  // Every front names its subject (`subject.ts`); a cloze note's front is the student's text, as written.
  nameSubjects(drafts.filter((draft) => draft.note !== 'cloze'))
  drafts.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column)
  const usable: TextedDraft[] = []
  for (const draft of drafts) {
    // Object.assign, not a spread with more keys: V8 gives each spread-and-extended object a hidden class of its own.
    const texted: TextedDraft = Object.assign({}, draft, {texts: textsOf(draft)})
    if (isUsable(texted, ctx)) usable.push(texted)
  }
  return usable
}

/** What the rule families of a document (or a section of it) share: the tree, its outline, what is claimed. */
export function extractContext(tree: Root, file: VFile, settings: Settings, fallbackTitle: string, around?: OutlineOptions): ExtractContext {
  // Anki's `{{c1::…}}` is never text to show: on every card it reads as its text, and makes cloze notes (`rules/cloze.ts`).
  markAnkiClozes(tree, file)
  const osr = readsOsr(tree, settings, String(file.value ?? ''))
  return {file, tree, settings, outline: outline(tree, fallbackTitle, around), contexts: new Map(), answers: new Set(), consumed: new Set(), claimed: new Set(), osr}
}

/**
 * Junk no card may be: an empty side, a back that is only a URL, a back
 * that repeats the front, a side over `maxSideLength` (a question's answer:
 * `maxAnswerLength`).
 */
function isUsable(draft: TextedDraft, ctx: ExtractContext): boolean {
  const front = frontOf(draft)
  const back = draft.texts.answer
  const reject = (ruleId: string, reason: string, warn = false) => {
    if (warn) ctx.file.message(reason, {place: draft.place, ruleId, source: 'studydeck'})
    else ctx.file.info(reason, {place: draft.place, ruleId, source: 'studydeck'})
    return false
  }
  if (!front.trim() || !back.trim()) return reject('card-empty', 'Card `' + front + '` would have an empty side: left out')
  if (/^<?(?:https?:\/\/|www\.|mailto:)\S+>?$/i.test(back.trim())) return reject('card-url-only', 'Answer of `' + front + '` is only a URL: nothing to learn, left out')
  if (normalizeQuestion(front) === normalizeQuestion(back)) return reject('card-front-is-back', 'Answer of `' + front + '` repeats its question: left out')
  for (const [side, value, limit] of [['Question', front, maxSideLength], ['Answer', back, draft.kind === 'faq' ? maxAnswerLength : maxSideLength]] as const) {
    if (value.length > limit) {
      return reject(
        'card-too-long',
        side + ' of `' + truncate(front) + '` is ' + value.length + ' characters, over ' + limit + ': left out. Split it (sub-headings, a shorter answer) or opt it out with `<!-- studydeck-ignore -->`',
        true
      )
    }
  }
  return true
}

function truncate(value: string): string {
  return value.length > 80 ? value.slice(0, 79) + '…' : value
}
