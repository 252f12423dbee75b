import type {Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkMath from 'remark-math'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote'
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item'
import type {Processor} from 'unified'
import {parseableSource} from './source.js'
import {parseInPieces} from './pieces.js'

// Frozen processors: building one per file would redo the extension setup.
// remark-gfm brings tables (T1) and task lists (L3 needs to see them);
// remark-math keeps `$…$` intact so it can become Anki MathJax. TOML front
// matter (`+++`) is recognised only so that it is never read as content.
const processor = processorWith(remarkGfm)

// The same without GFM's literal autolinks (`www.x.org`, bare URLs and
// emails becoming links), which cost a third of the parse: micromark tries
// an email at every letter, and a pass over every text node follows. Where
// that syntax made no link, both trees are the same (`test/parse.test.ts`).
const withoutLiteralAutolinks = processorWith(gfmWithoutLiteralAutolinks)

function processorWith(gfm: typeof remarkGfm | typeof gfmWithoutLiteralAutolinks) {
  return unified().use(remarkParse).use(gfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkMath).freeze()
}

/**
 * A literal autolink starts with `www.`, `http://`, `https://` or holds an
 * `@`, and these characters are plain text when it is not recognised: a
 * tree without them in its text cannot differ.
 */
const literalAutolinkStart = /www\.|https?:\/\/|@/i

/**
 * Parse Markdown (GFM, YAML or TOML front matter, math) into mdast, as the
 * notes' own renderer reads it (`source.ts`: container fences, Obsidian
 * comments); large documents in pieces (`pieces.ts`).
 */
export function parse(file: VFile): Root {
  return parseInPieces(parseableSource(String(file.value ?? '')), parseMarkdown)
}

/** Parse one Markdown text whole: without literal autolinks first, again with them when its text may hold one. */
export function parseMarkdown(text: string): Root {
  const tree = withoutLiteralAutolinks.parse(text)
  return mayHoldLiteralAutolink(tree) ? processor.parse(text) : tree
}

/** The processor with every extension, as remark-gfm sets it up (for tests and comparison). */
export const fullProcessor = processor

function mayHoldLiteralAutolink(node: Root | RootContent): boolean {
  if (node.type === 'text') return literalAutolinkStart.test(node.value)
  if ('children' in node) for (const child of node.children) if (mayHoldLiteralAutolink(child)) return true
  return false
}

/** remark-gfm, less literal autolinks: footnotes, strikethrough, tables, task lists, in remark-gfm's order. */
function gfmWithoutLiteralAutolinks(this: Processor) {
  const data = this.data()
  const micromarkExtensions = (data.micromarkExtensions ??= [])
  const fromMarkdownExtensions = (data.fromMarkdownExtensions ??= [])
  micromarkExtensions.push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem())
  fromMarkdownExtensions.push([gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()])
}
