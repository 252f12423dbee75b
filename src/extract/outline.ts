import type {Heading, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {squash} from '../text.js'

export interface HeadingInfo {
  node: Heading
  /** Index of the heading among the root's children. */
  index: number
  depth: number
  text: string
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
  headings: HeadingInfo[]
  /** For each top-level block: the headings above it, outermost first (the title left out). */
  paths: HeadingInfo[][]
  /** Top-level blocks opted out with `<!-- studydeck-ignore -->`. */
  ignored: Set<number>
}

const ignoreMarker = /^<!--\s*studydeck-ignore\s*-->$/i

export function outline(tree: Root, fallbackTitle: string): Outline {
  const children = tree.children
  const headings: HeadingInfo[] = []
  for (const [index, node] of children.entries()) {
    if (node.type === 'heading') headings.push({node, index, depth: node.depth, text: squash(toString(node))})
  }

  // The title is the first heading when it is the document's only `#` heading
  // or the first thing in it; later `#` headings are then sections.
  const first = headings[0]
  const titleHeading = first && first.depth === 1 && isLeading(children, first.index) ? first : undefined
  const title = titleHeading?.text || fallbackTitle

  const paths: HeadingInfo[][] = []
  let stack: HeadingInfo[] = []
  let cursor = 0
  for (const [index, node] of children.entries()) {
    const heading = headings[cursor]?.index === index ? headings[cursor++] : undefined
    if (heading && heading !== titleHeading) {
      stack = stack.filter((above) => above.depth < heading.depth)
      paths.push(stack)
      stack = [...stack, heading]
    } else {
      paths.push(stack)
    }
    void node
  }

  return {title, titleIndex: titleHeading?.index, headings, paths, ignored: ignoredBlocks(children)}
}

/** Only front matter, comments and definitions come before it. */
function isLeading(children: RootContent[], index: number): boolean {
  return children.slice(0, index).every((node) => node.type === 'yaml' || node.type === 'html' || node.type === 'definition')
}

function ignoredBlocks(children: RootContent[]): Set<number> {
  const ignored = new Set<number>()
  for (const [index, node] of children.entries()) {
    if (node.type !== 'html' || !ignoreMarker.test(node.value.trim())) continue
    let next = index + 1
    while (children[next]?.type === 'html') next++
    const target = children[next]
    if (!target) continue
    ignored.add(next)
    // Ignoring a heading ignores its whole section.
    if (target.type === 'heading') {
      for (let after = next + 1; after < children.length; after++) {
        const node = children[after]
        if (node.type === 'heading' && node.depth <= target.depth) break
        ignored.add(after)
      }
    }
  }
  return ignored
}

/** The end (exclusive) of the section that the heading at `index` opens. */
export function sectionEnd(children: RootContent[], index: number): number {
  const heading = children[index] as Heading
  let end = index + 1
  while (end < children.length) {
    const node = children[end]
    if (node.type === 'heading' && node.depth <= heading.depth) break
    end++
  }
  return end
}
