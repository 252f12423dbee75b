import type {Heading, PhrasingContent, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {parse as parseYaml} from 'yaml'
import {detached, squash} from '../shared/text.js'
import {detailsRanges, htmlText, type DetailsRange} from './html.js'
import {phrasingText} from './phrasing.js'

export interface HeadingInfo {
  node: Heading
  /** Index of the heading among the root's children. */
  index: number
  depth: number
  text: string
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
  /** Headings that open sections (not those inside a `<details>`). */
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
  /** Headings come after this tree that its first heading does not outrank. */
  followed?: boolean
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

  // The title is the first heading when nothing but front matter, comments,
  // HTML and definitions comes before it, and it is `#` (later `#` headings
  // are then sections) or outranks every other heading (`## Appendix B`
  // over `###` sections, as books made of chapters have it). READMEs often have an HTML `<h1>` instead,
  // and docs sites a front matter `title`.
  const first = headings[0]
  const outranks = first && !around.followed && headings.length > 1 && !/\?\W*$/.test(first.text) && headings.every((other) => other === first || other.depth > first.depth)
  const titleHeading = around.title === undefined && first && isLeading(children, first.index) && (first.depth === 1 || outranks) ? first : undefined
  const title = around.title ?? (titleHeading?.text || htmlTitle(children) || frontMatterTitle(tree) || fallbackTitle)

  const paths: HeadingInfo[][] = []
  let stack: HeadingInfo[] = []
  let cursor = 0
  for (const [index] of children.entries()) {
    const heading = headings[cursor]?.index === index ? headings[cursor++] : undefined
    if (heading && heading !== titleHeading) {
      stack = stack.filter((above) => above.depth < heading.depth)
      paths.push(stack)
      stack = [...stack, heading]
    } else {
      paths.push(stack)
    }
  }

  const skips: OutlineSkip[] = []
  const ignored = ignoredBlocks(children, headings, skips)
  return {title, titleIndex: titleHeading?.index, headings, paths, ignored, details, skips}
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
 * the next heading of the same or higher rank (headings inside a
 * `<details>` do not count).
 */
export function sectionEnd(children: RootContent[], headings: HeadingInfo[], index: number): number {
  const heading = children[index] as Heading
  const next = headings.find((other) => other.index > index && other.depth <= heading.depth)
  return next ? next.index : children.length
}

/**
 * The shallowest headings of a run, each with the headings below it up to the
 * next one: how FAQ and glossary sections walk their entries and groups.
 */
export function headingGroups(headings: HeadingInfo[]): Array<{heading: HeadingInfo; below: HeadingInfo[]}> {
  if (headings.length === 0) return []
  const depth = headings.reduce((lowest, heading) => Math.min(lowest, heading.depth), Infinity)
  const top = headings.filter((heading) => heading.depth === depth)
  return top.map((heading, position) => {
    const next = top[position + 1]?.index ?? Infinity
    return {heading, below: headings.filter((other) => other.index > heading.index && other.index < next)}
  })
}
