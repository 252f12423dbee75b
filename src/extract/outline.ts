import type {Heading, PhrasingContent, Root, RootContent} from 'mdast'
import type {} from '../parse/structure.js'
import {toString} from 'mdast-util-to-string'
import {parse as parseYaml} from 'yaml'
import {detached, squash} from '../shared/text.js'
import {isRevealLabel} from './questions.js'
import {detailsRanges, htmlText, type DetailsRange} from './html.js'
import {phrasingText} from './phrasing.js'

export interface HeadingInfo {
  node: Heading
  /** Index of the heading among the root's children. */
  index: number
  /** Its rank: a heading's own, or as the outline reads it (a stray `#` within a section, a pseudo-heading). */
  depth: number
  text: string
  /**
   * Not a heading, but read as one for context (`paths`): a bold paragraph
   * alone on its line (`**CloudFront**`), a one-item numbered list that
   * names what follows (`1. Proteins`), a container's title
   * (`:::details **Title**`). `node` is then made from its words.
   */
  pseudo?: 'bold' | 'numbered' | 'container'
}

/** A block left out on purpose, to be reported (`check --verbose`). */
export interface OutlineSkip {
  node: RootContent
  ruleId: string
  reason: string
  /** A problem the author should fix (a warning), not a choice (info). */
  warn?: boolean
}

/**
 * The document's structure: its title and, for every top-level block, the
 * headings above it. Extractors read context from here instead of each
 * walking the tree again.
 */
export interface Outline {
  title: string
  /** Index of the title heading among the root's children, if there is one. */
  titleIndex: number | undefined
  /** Headings that open sections (not those inside a `<details>`; no pseudo-headings). */
  headings: HeadingInfo[]
  /** For each top-level block: the headings above it, outermost first (the title left out). */
  paths: HeadingInfo[][]
  /** Top-level blocks opted out (`<!-- studydeck-ignore -->`) or not content (MDX `import`/`export`). */
  ignored: Set<number>
  /** `<details>` elements spread over top-level blocks. */
  details: DetailsRange[]
  skips: OutlineSkip[]
}

const ignoreMarker = /^<!--\s*studydeck-ignore\s*-->$/i
const ignoreStart = /^<!--\s*studydeck-ignore-start\s*-->$/i
const ignoreEnd = /^<!--\s*studydeck-ignore-end\s*-->$/i

/** MDX/ESM statements: `import x from 'y'`, `export const meta = {…}`. */
const esm = /^(?:import\s+(?:[\w*{}\s,$]+\s+from\s+)?["'][^"']+["']|import\s*\{|export\s+(?:const|let|var|function|async\s+function|class|default)\s|export\s*[{*])/
/** A Docusaurus/VitePress admonition fence on its own line: `:::tip Title`, `:::`. */
const directiveFence = /^:{3,}[^\n]*$/

/** An MDX comment on its own: `{/* … *\/}`. */
const mdxComment = /^\{\s*\/\*[\s\S]*\*\/\s*\}$/

/**
 * What lies around a tree that is one section of a larger document
 * (`large/sections.ts`): the outline of each section is then that of the whole.
 */
export interface OutlineOptions {
  /** The document's title, for a section after the first: no heading in it is the title. */
  title?: string
  /** The document is an Obsidian note (wikilinks, callouts, tags): only a `#` heading can be its title (when no `plan` is given). */
  obsidian?: boolean
  /** What the whole document's headings say (default: made from this tree's headings). */
  plan?: HeadingPlan
}

/**
 * What the outline of one section (`sections.ts`) must know of the whole
 * document's headings, found once from its lines (`source.headingLines`).
 */
export interface HeadingPlan {
  /** Lines of stray `#` headings (`isStray`). */
  strays: Set<number>
  /** The line of the heading that titles the document when it opens it (nothing but front matter, HTML, definitions before it). */
  titleLine: number | undefined
  /** Lines of the letters of an alphabetical index (`## A`, `## B`, `## C`): they group, they name nothing. */
  letters: Set<number>
}

/**
 * The plan of a document's headings (in document order): stray `#`
 * headings, letters of an index, and which heading titles the document
 * when it opens it (`titleLine`).
 */
export function headingPlan(headings: Array<{line: number; depth: number; text: string}>, obsidian = false): HeadingPlan {
  // Stray: a `#` after a deeper heading (which it is read under), before one that skips `##`.
  const afterDeeper = new Set<number>()
  let seenDeeper = false
  for (const heading of headings) {
    if (heading.depth !== 1) seenDeeper = true
    else if (seenDeeper) afterDeeper.add(heading.line)
  }
  const strays = new Set<number>()
  let next: {depth: number} | undefined
  // From the end: the next heading that is not `#`, for each heading.
  for (let at = headings.length - 1; at >= 0; at--) {
    const heading = headings[at]
    if (heading.depth !== 1) next = heading
    else if (next !== undefined && next.depth >= 3 && afterDeeper.has(heading.line)) strays.add(heading.line)
  }
  // Three or more single capitals among the headings of one rank under one heading, most of them: an index
  // (`## A` … `## D`), not `## C` and `## R` among languages.
  const letters = new Set<number>()
  const siblings = new Map<string, Array<{line: number; text: string}>>()
  const open: Array<{line: number; depth: number}> = []
  for (const heading of headings) {
    while (open.length > 0 && open[open.length - 1].depth >= heading.depth) open.pop()
    const key = (open.length > 0 ? open[open.length - 1].line : 0) + ':' + heading.depth
    siblings.set(key, [...(siblings.get(key) ?? []), heading])
    open.push(heading)
  }
  for (const group of siblings.values()) {
    const capitals = group.filter((heading) => /^\p{Lu}$/u.test(heading.text))
    if (capitals.length >= 3 && capitals.length * 3 >= group.length * 2) for (const heading of capitals) letters.add(heading.line)
  }
  return {strays, letters, titleLine: titleLine(headings, strays, obsidian)}
}

/**
 * The first heading titles the document (when nothing but front matter,
 * comments, HTML and definitions comes before it, `titleOf`) unless it
 * only names a kind of section (`Overview`), and
 *
 * - it is `#`, unless later `#` headings are chapters as it is one (`# Part
 *   1` … `# Part 2`, each over `##` sections: none of them titles the rest);
 * - or it outranks every other heading (`## Appendix B` over `###`
 *   sections, as books made of chapters have it), does not ask, and the
 *   document is not an Obsidian note, whose file name is its title;
 * - or every other heading outranks it, none is `#`: a title line set
 *   small (`###### Notes on X` over `##` sections).
 */
function titleLine(headings: Array<{line: number; depth: number; text: string}>, strays: Set<number>, obsidian: boolean): number | undefined {
  const [first, second] = headings
  if (!first || isGenericName(first.text)) return undefined
  if (first.depth === 1) {
    const chapters = headings.some((other) => other !== first && other.depth === 1 && !strays.has(other.line))
    return chapters && second !== undefined && second.depth > 1 ? undefined : first.line
  }
  if (headings.length < 2 || /\?\W*$/.test(first.text)) return undefined
  if (!obsidian && headings.every((other) => other === first || other.depth > first.depth)) return first.line
  if (headings.every((other) => other === first || (other.depth < first.depth && other.depth > 1))) return first.line
  return undefined
}

export function outline(tree: Root, fallbackTitle: string, around: OutlineOptions = {}): Outline {
  const children = tree.children
  const details = detailsRanges(children)
  const inDetails = new Set<number>()
  for (const range of details) for (let index = range.start; index <= range.end; index++) inDetails.add(index)

  const headings: HeadingInfo[] = []
  for (const [index, node] of children.entries()) {
    if (node.type === 'heading' && !inDetails.has(index)) headings.push({node, index, depth: node.depth, text: detached(squash(phrasingText(node.children)))})
  }

  const plan = around.plan ?? headingPlan(headings.map((heading) => ({line: heading.node.position?.start.line ?? 0, depth: heading.depth, text: heading.text})), around.obsidian)
  const titleHeading = around.title === undefined ? titleOf(children, headings, plan) : undefined
  const title = around.title ?? (titleHeading?.text || htmlTitle(children) || frontMatterTitle(tree) || fallbackTitle)
  const paths = headingPaths(children, headings, titleHeading, plan)

  const skips: OutlineSkip[] = []
  const ignored = ignoredBlocks(children, headings, skips)
  return {title, titleIndex: titleHeading?.index, headings, paths, ignored, details, skips}
}

/**
 * Section names that never title a document: a note whose first heading is
 * `# Overview` is titled by its front matter or its file name.
 */
const genericName = /^(?:overview|introduction|intro|summary|abstract|background|contents|table of contents|toc|preface|motivation|key points|key takeaways|takeaways|tl;?\s*dr|recap|outline|agenda|getting started|prerequisites|(?:learning )?objectives)$/i

/** Whether a heading's words only name a kind of section (`Overview`, `Notes`). */
export function isGenericName(text: string): boolean {
  return genericName.test(text.replace(/[^\p{L}\p{N};\s]+/gu, ' ').replace(/\s+/g, ' ').trim())
}

/** The heading that titles the document, if one does: the first, when it opens the document and the plan says it titles it. */
function titleOf(children: RootContent[], headings: HeadingInfo[], plan: HeadingPlan): HeadingInfo | undefined {
  const first = headings[0]
  if (!first || !isLeading(children, first.index) || first.node.position?.start.line !== plan.titleLine) return undefined
  return first
}

/**
 * A stray `#` heading: one in the middle of a document's `##`/`###`
 * sections, setting a few words large (`# Ethanol` between two `###`
 * sections): the heading after it (past other `#` headings) skips `##`. It
 * is read one rank below the heading it stands in, so it does not hold what
 * follows (`HeadingPlan.strays`).
 */
function isStray(plan: HeadingPlan, heading: HeadingInfo): boolean {
  return heading.node.depth === 1 && plan.strays.has(heading.node.position?.start.line ?? 0)
}

/** Bold words that open a remark or label a part (`**Note**`, `**Example**`), not a subject. */
const remarkLabel = /^(?:note|nb|n\.b|tip|hint|warning|caution|important|example|examples|e\.g|remember|tl;?\s*dr|update|edit|info|danger|attention|see also|source|sources|answer|solution|question|prompt|output|result|results|usage|syntax|code)$/i

/**
 * A paragraph of bold words alone on its line (`**CloudFront**`) with
 * content after it: a sub-heading, whose words are the context of what
 * follows up to the next heading, rule or such paragraph. Not a question
 * (`?`), not a lead-in (`**Label**:`), not a remark (`**Note**`).
 */
function boldHeading(node: RootContent, next: RootContent | undefined): PhrasingContent[] | undefined {
  if (node.type !== 'paragraph' || !next || !opensContent(next)) return undefined
  const children = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()) && !(child.type === 'html' && /^<br\s*\/?>$/i.test(child.value.trim())))
  const [only] = children
  if (children.length !== 1 || only.type !== 'strong') return undefined
  const words = squash(phrasingText(only.children))
  if (!isHeadingWords(words, 8) || /[:?]$/.test(words) || remarkLabel.test(words)) return undefined
  return only.children
}

/** A paragraph of bold words alone on its line. */
function isBoldLine(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false
  const children = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()))
  return children.length === 1 && children[0].type === 'strong'
}

/**
 * A numbered list of one short item (`1. Proteins`) followed by a list or
 * paragraph about it: a numbered sub-heading. Its words are the context of
 * what follows up to the next heading, rule or such item.
 */
function numberedHeading(node: RootContent, next: RootContent | undefined): PhrasingContent[] | undefined {
  if (node.type !== 'list' || !node.ordered || node.children.length !== 1 || !next || (next.type !== 'list' && next.type !== 'paragraph')) return undefined
  if (next.type === 'list' && next.ordered) return undefined
  const [item] = node.children
  const [paragraph, ...more] = item.children
  if (more.length > 0 || paragraph?.type !== 'paragraph' || typeof item.checked === 'boolean') return undefined
  const words = squash(phrasingText(paragraph.children))
  if (!isHeadingWords(words, 6) || /[.:;!?,]$/.test(words) || /:\s/.test(words)) return undefined
  return paragraph.children
}

function isHeadingWords(words: string, most: number): boolean {
  return words.length > 0 && words.length <= 60 && !words.includes('\n') && words.split(/\s+/).length <= most
}

/** A block that says something (what a sub-heading can stand over). */
function opensContent(node: RootContent): boolean {
  return node.type === 'paragraph' || node.type === 'list' || node.type === 'table' || node.type === 'code' || node.type === 'blockquote' || node.type === 'math' || (node.type === 'html' && /<(?:img|p|table|div)\b/i.test(node.value))
}

function pseudoHeading(node: RootContent, index: number, depth: number, phrasing: PhrasingContent[], pseudo: HeadingInfo['pseudo']): HeadingInfo {
  const heading: Heading = {type: 'heading', depth: 6, children: phrasing, ...(node.position ? {position: node.position} : {})}
  return {node: heading, index, depth, text: detached(squash(phrasingText(phrasing))), pseudo}
}

/**
 * For every top-level block, the headings above it, outermost first (the
 * title left out). Besides headings: a container's title holds what is
 * inside it (and headings inside a container end at its closing fence), a
 * pseudo-heading (bold line, `1. Item`) holds what follows it up to the next
 * heading, rule or pseudo-heading; letters of an alphabetical index are left
 * out; a stray `#` is read one rank below the heading it stands in.
 */
function headingPaths(children: RootContent[], headings: HeadingInfo[], titleHeading: HeadingInfo | undefined, plan: HeadingPlan): HeadingInfo[][] {
  const paths: HeadingInfo[][] = []
  let stack: HeadingInfo[] = []
  // Entries below the floor belong to open containers: headings inside cannot end them.
  let floor = 0
  const open: Array<{stack: HeadingInfo[]; floor: number}> = []
  const withoutPseudo = () => (stack.length > floor && isLinePseudo(stack[stack.length - 1]) ? stack.slice(0, -1) : stack)
  let cursor = 0
  for (const [index, node] of children.entries()) {
    const heading = headings[cursor]?.index === index ? headings[cursor++] : undefined
    if (heading) {
      if (heading === titleHeading) {
        paths.push(stack)
        continue
      }
      if (isStray(plan, heading)) {
        const deepest = stack.slice(floor).filter((above) => !above.pseudo && !isStray(plan, above)).reduce((most, above) => Math.max(most, above.depth), 0)
        heading.depth = deepest + 1
      }
      stack = [...stack.slice(0, floor), ...stack.slice(floor).filter((above) => !isLinePseudo(above) && above.depth < heading.depth)]
      paths.push(stack)
      if (!plan.letters.has(heading.node.position?.start.line ?? 0)) stack = [...stack, heading]
      continue
    }
    if (node.type === 'containerFence') {
      paths.push(stack)
      if (node.opens) {
        open.push({stack, floor})
        if (node.title.length > 0 && !isRevealTitle(phrasingText(node.title))) stack = [...stack, pseudoHeading(node, index, 0, node.title, 'container')]
        floor = stack.length
      } else if (open.length > 0) {
        ;({stack, floor} = open.pop()!)
      }
      continue
    }
    if (node.type === 'thematicBreak') {
      stack = withoutPseudo()
      paths.push(stack)
      continue
    }
    const next = children[index + 1]
    const bold = boldHeading(node, next)
    const numbered = bold ? undefined : numberedHeading(node, next)
    // Another bold line (`**Note**`, a bold question) ends the part a bold sub-heading opened.
    if (!bold && isBoldLine(node)) stack = withoutPseudo()
    if (bold || numbered) {
      stack = withoutPseudo()
      paths.push(stack)
      stack = [...stack, pseudoHeading(node, index, 7, (bold ?? numbered)!, bold ? 'bold' : 'numbered')]
      continue
    }
    paths.push(stack)
  }
  return paths
}

/** A container title that only says how to open it (`Click to show`, `View the code`): it names nothing. */
function isRevealTitle(title: string): boolean {
  return isRevealLabel(title) || /^(?:click|tap|show|view|reveal|expand|open|toggle|see|hide)\b/i.test(title)
}

/** A pseudo-heading of one line (bold, numbered): it ends at the next heading, rule or pseudo-heading. */
function isLinePseudo(heading: HeadingInfo): boolean {
  return heading.pseudo === 'bold' || heading.pseudo === 'numbered'
}

/** `<!-- studydeck-ignore-start -->` or `-end`: what an HTML block is to an ignored range. */
export function ignoreRangeMarker(node: RootContent): 'start' | 'end' | undefined {
  if (node.type !== 'html') return undefined
  const value = node.value.trim()
  return ignoreStart.test(value) ? 'start' : ignoreEnd.test(value) ? 'end' : undefined
}

/** Whether phrasing holds an inline `<!-- studydeck-ignore -->` (a heading, item or table row opting out). */
export function hasIgnoreMarker(nodes: PhrasingContent[]): boolean {
  return nodes.some((node) => node.type === 'html' && ignoreMarker.test(node.value.trim()))
}

/** Only front matter, comments, HTML and definitions come before it. */
function isLeading(children: RootContent[], index: number): boolean {
  return children.slice(0, index).every((node) => isFrontMatter(node) || node.type === 'html' || node.type === 'definition')
}

/** `<h1 align="center">Name</h1>` (or its logo's `alt`) at the top of a README, maybe after a logo or badges. */
function htmlTitle(children: RootContent[]): string | undefined {
  for (const node of children) {
    if (isFrontMatter(node) || node.type === 'definition') continue
    if (node.type === 'paragraph' && node.children.every((child) => child.type === 'html' || child.type === 'image' || child.type === 'link' || (child.type === 'text' && !child.value.trim()))) continue
    if (node.type !== 'html') return undefined
    const match = /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(node.value)
    if (match) return htmlText(match[1]) || undefined
  }
  return undefined
}

/** YAML or TOML front matter (mdast has no type for TOML). */
export function isFrontMatter(node: RootContent): boolean {
  return node.type === 'yaml' || (node.type as string) === 'toml'
}

function frontMatterTitle(tree: Root): string | undefined {
  const node = tree.children[0]
  if (node?.type !== 'yaml') return undefined
  try {
    const data: unknown = parseYaml(node.value)
    const title = data && typeof data === 'object' ? (data as Record<string, unknown>).title : undefined
    return typeof title === 'string' && title.trim() ? squash(title) : undefined
  } catch {
    // readSettings reports broken front matter.
    return undefined
  }
}

function ignoredBlocks(children: RootContent[], headings: HeadingInfo[], skips: OutlineSkip[]): Set<number> {
  const ignored = new Set<number>()
  const ignoreSection = (index: number) => {
    ignored.add(index)
    const node = children[index]
    skips.push({node, ruleId: 'ignored', reason: 'Opted out with `<!-- studydeck-ignore -->`' + (node.type === 'heading' ? ' (the whole section)' : '')})
    // Ignoring a heading ignores its whole section.
    if (node.type === 'heading') for (let after = index + 1; after < sectionEnd(children, headings, index); after++) ignored.add(after)
  }

  for (let index = 0; index < children.length; index++) {
    const node = children[index]
    if (node.type === 'html') {
      const value = node.value.trim()
      if (ignoreStart.test(value)) {
        let end = index + 1
        while (end < children.length && !(children[end].type === 'html' && ignoreEnd.test((children[end] as {value: string}).value.trim()))) end++
        if (end === children.length) {
          skips.push({node, ruleId: 'ignore-unclosed', reason: '`<!-- studydeck-ignore-start -->` has no `<!-- studydeck-ignore-end -->`: ignoring to the end of the document', warn: true})
        }
        for (let inside = index + 1; inside < end; inside++) ignored.add(inside)
        skips.push({node, ruleId: 'ignored', reason: 'Opted out with `<!-- studydeck-ignore-start -->`: ' + (end - index - 1) + ' blocks'})
        index = end
        continue
      }
      if (ignoreMarker.test(value)) {
        let next = index + 1
        while (children[next]?.type === 'html') next++
        if (next < children.length) ignoreSection(next)
      }
      continue
    }
    if (node.type === 'containerFence') {
      ignored.add(index)
      skips.push({node, ruleId: 'mdx-directive', reason: 'Container fence (`:::tip`, `:::details Title`, `:::`): markup; its title is the context of what it holds, its content is read as usual'})
      continue
    }
    if ((node.type === 'heading' || node.type === 'paragraph') && hasIgnoreMarker(node.children)) {
      ignoreSection(index)
      continue
    }
    if (node.type === 'paragraph' && node.children[0]?.type === 'text') {
      const source = toString(node)
      if (esm.test(source) || mdxComment.test(source.trim())) {
        ignored.add(index)
        skips.push({node, ruleId: 'mdx-statement', reason: 'MDX/ESM statement (`import`, `export`, `{/* … */}`): not content'})
      } else if (directiveFence.test(source.trim())) {
        ignored.add(index)
        skips.push({node, ruleId: 'mdx-directive', reason: 'Admonition fence (`:::tip`, `:::`): markup, its content is read as usual'})
      }
    }
  }
  return ignored
}

/**
 * The end (exclusive) of the section that the heading at `index` opens:
 * the next heading of the same or higher rank (as the outline reads ranks;
 * headings inside a `<details>` do not count), or the fence that closes a
 * container the heading is in.
 */
export function sectionEnd(children: RootContent[], headings: HeadingInfo[], index: number): number {
  const own = headings.find((other) => other.index === index)
  const depth = own?.depth ?? (children[index] as Heading).depth
  const next = headings.find((other) => other.index > index && other.depth <= depth)
  const end = next ? next.index : children.length
  let open = 0
  for (let at = index + 1; at < end; at++) {
    const node = children[at]
    if (node.type !== 'containerFence') continue
    if (node.opens) open++
    else if (open === 0) return at
    else open--
  }
  return end
}

/**
 * The top headings of a run (those that no heading before them in the run
 * outranks), each with the headings below it up to the next one: how FAQ and
 * glossary sections walk their entries and groups. `## A` before `# B` is a
 * top heading too: taking only the shallowest would drop it, and a large
 * document read a section at a time would not (`large/sections.ts`).
 */
export function headingGroups(headings: HeadingInfo[]): Array<{heading: HeadingInfo; below: HeadingInfo[]}> {
  const top: HeadingInfo[] = []
  let depth = Infinity
  for (const heading of headings) {
    if (heading.depth > depth) continue
    top.push(heading)
    depth = heading.depth
  }
  return top.map((heading, position) => {
    const next = top[position + 1]?.index ?? Infinity
    return {heading, below: headings.filter((other) => other.index > heading.index && other.index < next)}
  })
}
