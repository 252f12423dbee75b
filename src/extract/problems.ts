import type {HeadingInfo} from './outline.js'

/**
 * Headings that ask without a question mark. Three forms always ask:
 *
 * - `faq-need`: a need or a mishap in the first person (`I want to undo a
 *   commit`, `I accidentally deleted my branch`, `My build doesn't start`);
 * - `faq-why`: `Why π bonds break easily` (three words or more);
 * - `faq-how-to`: `How to say "and"`, `How do I rename a branch` (not how to
 *   install, contribute to or read the document itself).
 *
 * A task (`Delete dangling images`, `Stash all edits`) asks only among
 * siblings that mostly ask (`faq-recipe`): a collection of recipes.
 */
export type ProblemRule = 'faq-need' | 'faq-why' | 'faq-how-to'

/** `I want…`, `I accidentally…`, `I've…`; not a Roman numeral (`I. Introduction`, `I Overview`). */
const firstPerson = /^[Ii](?:'|’)(?:ve|m|d|ll)\s|^[Ii]\s+[a-z]/
/** `My branch doesn't…`, `My changes are gone`. */
const myProblem = /^my\s.*\b(?:doesn(?:'|’)?t|don(?:'|’)?t|won(?:'|’)?t|can(?:'|’)?t|isn(?:'|’)?t|aren(?:'|’)?t|not|cannot|fails?|failed|broke|broken|gone|lost|missing)\b/i
const why = /^why\s+\S+\s+\S+/i
/** `How to say "and"`, `How do I rename a branch`: four words or more (`How to use`, `How does it work` name a section). */
const howTo = /^how\s+(?:to|do|does|did|can|could|should|would|is|are|much|many)\s+\S+\s+\S+/i
const howItWorks = /^how\s+(?:does|do|did)\s+(?:it|this|that)\s+work/i
/** How-to headings about the document or its project, not its subject. */
const aboutTheDocument = /\b(?:this|these)\s+(?:document|guide|book|grammar|course|site|page|repo|repository|project|readme|notes?|lessons?|tutorial|cheat\s*sheet|deck)\b|\b(?:install|contribut|cite|citing|report\s+(?:a\s+)?bugs?|donate|support\s+us)/i

/**
 * Verbs a task heading opens with (`Delete dangling images`). Only counted
 * among siblings: alone, `List comprehensions` or `Set operations` name a
 * topic.
 */
const taskVerbs = new Set(
  (
    'add apply attach build change check clean clear clone commit compare configure connect convert copy create debug delete deploy detach disable ' +
    'discard display download edit enable enter export extract fetch find fix force generate get give ignore import inspect install kill launch list ' +
    'load make merge migrate monitor mount move open print prune publish pull push read rebase recover redo reduce remove rename replace reset restart ' +
    'restore revert roll run save scale search see select send set share show sort split squash start stash stop switch sync tag track undo uninstall ' +
    'unstage update upgrade use verify view write'
  ).split(' ')
)

/** Headings about the document or a section's furniture, never a recipe. */
const furniture =
  /^(?:summary|overview|introduction|intro|contents|table of contents|toc|references?|see also|resources|further reading|links|contributing|contributors|license|licence|credits|acknowledge?ments|notes?|conclusion|prerequisites|changelog|about|examples?|related|other resources)$/i

/** Sections about the project that hosts the notes: their tasks (`Install the package`) are not study material. */
const projectChores = /^(?:install(?:ation|ing)?|setup|set\s*up|getting\s+started|quick\s*start|development|developing|building|build|deploy(?:ment|ing)?|contributing|contribute|release|releasing|usage)\b/i

/** The rule a heading that asks without `?` follows, if any. */
export function problemRule(text: string): ProblemRule | undefined {
  const plain = plainHeading(text)
  if (firstPerson.test(plain) || myProblem.test(plain)) return 'faq-need'
  if (why.test(plain)) return 'faq-why'
  if (howTo.test(plain) && !howItWorks.test(plain) && !aboutTheDocument.test(plain)) return 'faq-how-to'
  return undefined
}

/** A task: an imperative verb and what it acts on (`Delete tag`, `Stash all edits`). */
export function isTask(text: string): boolean {
  const words = plainHeading(text).split(/\s+/)
  return words.length >= 2 && taskVerbs.has(words[0].toLowerCase().replace(/\/.*$/, ''))
}

/** A heading's words without a leading number (`2.1`, `1)`), anchors or emphasis marks. */
function plainHeading(text: string): string {
  return text
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]?|[a-z][.)])\s+/i, '')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .trim()
}

/**
 * Headings that are recipes: each heading among siblings (the headings
 * under the same heading) that mostly ask: three or more of which 60 % or
 * more state a need, why, how to or a task (`## Tips` of a cheat sheet, a
 * section of `I want to…`), or two or more that all do. Section furniture
 * (`Summary`, `See also`) is left out, and so are the headings right under
 * the title: a large document is read a section at a time, and its top
 * headings may lie in several (`sections.ts`).
 */
export function recipeHeadings(headings: HeadingInfo[], asks: (heading: HeadingInfo) => boolean): Set<HeadingInfo> {
  const recipes = new Set<HeadingInfo>()
  const siblings = new Map<HeadingInfo, HeadingInfo[]>()
  for (const [heading, parent] of headingParents(headings)) {
    if (!parent) continue
    const group = siblings.get(parent)
    if (group) group.push(heading)
    else siblings.set(parent, [heading])
  }
  for (const [parent, group] of siblings) {
    // `## Contributing` or `## Installation` with `### Fork the repository`, `### Open a pull request`: the project's, not the subject's.
    if (group.length < 2 || isFurniture(parent.text) || projectChores.test(plainHeading(parent.text))) continue
    const asking = group.filter((heading) => asks(heading) || isTask(heading.text)).length
    if (asking < group.length && (group.length < 3 || asking / group.length < 0.6)) continue
    for (const heading of group) {
      // A word alone (`df`) names a thing; it asks only when it is a task.
      if (!isFurniture(heading.text) && (asks(heading) || isTask(heading.text) || plainHeading(heading.text).split(/\s+/).length >= 2)) recipes.add(heading)
    }
  }
  return recipes
}

function isFurniture(text: string): boolean {
  return furniture.test(plainHeading(text))
}

/** The parent of each heading (the nearest heading above it of a higher rank), in document order. */
export function headingParents(headings: HeadingInfo[]): Map<HeadingInfo, HeadingInfo | undefined> {
  const parents = new Map<HeadingInfo, HeadingInfo | undefined>()
  const stack: HeadingInfo[] = []
  for (const heading of headings) {
    while (stack.length > 0 && stack[stack.length - 1].depth >= heading.depth) stack.pop()
    parents.set(heading, stack[stack.length - 1])
    stack.push(heading)
  }
  return parents
}
