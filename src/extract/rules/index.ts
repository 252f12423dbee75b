import type {CardKind} from '../../shared/types.js'
import type {Draft, ExtractContext} from '../context.js'
import {extractCallouts} from './callout.js'
import {extractClozes} from './cloze.js'
import {extractDefinitionLists} from './definition-list.js'
import {extractQuestionBlocks, reportRevealDetails} from './faq-blocks.js'
import {extractFaqHeadings} from './faq-headings.js'
import {extractQuizzes} from './faq-quiz.js'
import {extractGlossaryHeadings} from './glossary.js'
import {extractHeadingDefinitions} from './heading-definition.js'
import {extractLists} from './list.js'
import {extractO2a} from './o2a.js'
import {extractOsr} from './osr.js'
import {extractProseDefinitions} from './prose.js'
import {extractTables} from './table.js'

/**
 * The rule families, one file each in this folder, and the one list of
 * them: extraction runs them in this order (`../extract.ts`). A family reads
 * the tree through `ExtractContext` and the helpers of `extract/`, never
 * another family; what it skips on purpose it tells through `skipped`.
 */
export interface RuleFamily {
  /** The kind of card it makes: a document's front matter `kinds` turns it off. */
  kind: CardKind
  /** The rule ids its cards carry (`CardDraft.rule`); each has its line in `docs/rules.md`. */
  rules: readonly string[]
  /** Its cards, in any order; extraction sorts them into document order. */
  extract: (ctx: ExtractContext) => Draft[]
}

/**
 * In this order because what a family uses it claims, and the families
 * after it leave that alone. Cards written as cards come first (an
 * Obsidian_to_Anki block, a `Q::A` line, a paragraph with deletions is
 * theirs, whatever else it looks like); then questions claim their answers
 * (a list in an answer is no enumeration): quizzes and exercises whose
 * answer is elsewhere (a reveal, a solution list) first, then questions in
 * the blocks themselves (F3–F5), then those in headings (F1, F2), which
 * leave out what the others claimed.
 */
export const ruleFamilies: readonly RuleFamily[] = [
  // Its `Cloze` blocks are cloze notes (turned off with `cloze` too).
  {kind: 'flashcard', rules: ['o2a-block', 'o2a-inline'], extract: extractO2a},
  {kind: 'flashcard', rules: ['osr-inline', 'osr-multiline'], extract: extractOsr},
  {kind: 'cloze', rules: ['cloze-anki', 'cloze-highlight', 'cloze-strike', 'cloze-bold'], extract: extractClozes},
  {kind: 'faq', rules: ['faq-item-reveal', 'faq-reveal', 'faq-paired', 'faq-component'], extract: extractQuizzes},
  {kind: 'faq', rules: ['faq-bold', 'faq-qa', 'faq-details', 'faq-list-item', 'faq-quote'], extract: extractQuestionBlocks},
  {kind: 'faq', rules: ['faq-heading', 'faq-section', 'faq-answer-label', 'faq-need', 'faq-why', 'faq-how-to', 'faq-recipe'], extract: extractFaqHeadings},
  // No card: tells which `<details>` only reveal something, once every question has claimed its own.
  {kind: 'faq', rules: [], extract: reportRevealDetails},
  // Callouts before tables and lists: a callout that is a card holds its blocks.
  {kind: 'faq', rules: ['faq-callout'], extract: (ctx) => extractCallouts(ctx, 'faq')},
  {kind: 'list', rules: ['list-callout'], extract: (ctx) => extractCallouts(ctx, 'list')},
  {kind: 'list', rules: ['list-glossary-heading'], extract: extractGlossaryHeadings},
  {kind: 'table', rules: ['table-cell', 'table-row', 'table-gloss', 'table-layout', 'table-column'], extract: extractTables},
  // After tables (a table's caption is its own), before lists: a heading's defining paragraph or list, and
  // a sentence's list (`**Amino acids** are made of the following:`), are parts of that card.
  {kind: 'list', rules: ['list-heading-definition'], extract: extractHeadingDefinitions},
  {kind: 'list', rules: ['list-sentence-term', 'list-called-term', 'list-parenthetical-term'], extract: extractProseDefinitions},
  {kind: 'list', rules: ['list-term', 'list-enumeration'], extract: extractLists},
  {kind: 'list', rules: ['list-definition', 'list-term-paragraph'], extract: extractDefinitionLists}
]
