import type {Nodes, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'

/**
 * Limits that keep hostile or accidental input (a pasted 10 MB blob, a list
 * nested thousands of levels deep) from crashing a build or making it take
 * quadratic time. The parser (micromark) spends time quadratic in the depth
 * of nested lists and block quotes, and the tree walkers after it
 * (mdast-util-to-hast, hast-util-raw, mdast-util-to-string) recurse once per
 * level and overflow the stack at a few thousand. What is over a limit is
 * left out with a warning; the rest of the document still builds.
 */

/** Lists and block quotes one line may open (markers and indentation): deeper lines are left out. */
export const maxNesting = 64
/** Characters in one line: longer lines are left out. */
export const maxLineLength = 100_000
/** Depth of one top-level block's syntax tree, open raw HTML elements counted: deeper blocks are left out. */
export const maxTreeDepth = 256

interface Cut {
  /** 1-indexed lines, inclusive. */
  from: number
  to: number
  column: number
  reason: 'deep' | 'long'
  /** Length of the first line (for `long`) and of the last (for the message's end). */
  length: number
  end: number
}

/**
 * Empty the lines that are too long or nested too deep, before parsing, so
 * the parser never sees them. Line numbers of everything else stay as they
 * were. Linear in the text: only each line's container prefix is read.
 */
export function limitSource(file: VFile): VFile {
  const value = file.toString()
  const cuts: Cut[] = []
  const kept: string[] = []
  // Markdown ends lines at `\n`, `\r\n` and a lone `\r`.
  const endings = /\r\n?|\n/g
  let start = 0
  let line = 0
  let fence: string | undefined
  let changed = false
  while (start <= value.length) {
    line++
    const ending = endings.exec(value)
    const end = ending ? ending.index : value.length
    const text = value.slice(start, end)
    const length = text.length
    let cut: Cut | undefined
    if (length > maxLineLength) {
      cut = {from: line, to: line, column: 1, reason: 'long', length, end: length}
    } else {
      const prefix = containerPrefix(text)
      // In fenced code, indentation is code, not nesting; markers still count,
      // as the fence may belong to a list item that a less indented line ends.
      const depth = fence ? prefix.markers : prefix.markers + Math.floor(prefix.columns / 2)
      if (depth > maxNesting) {
        cut = {from: line, to: line, column: prefix.column, reason: 'deep', length, end: length}
      } else if (fence) {
        if (closesFence(text, fence)) fence = undefined
      } else {
        const opening = /^ {0,3}(`{3,}|~{3,})/.exec(text)
        if (opening && !(opening[1][0] === '`' && text.slice(opening[0].length).includes('`'))) fence = opening[1]
      }
    }
    if (cut) {
      changed = true
      const last = cuts[cuts.length - 1]
      if (last && last.reason === cut.reason && cut.reason === 'deep' && last.to === line - 1) {
        last.to = line
        last.end = length
      } else cuts.push(cut)
    }
    kept.push(cut ? '' : text, ending ? ending[0] : '')
    if (!ending) break
    start = end + ending[0].length
  }
  if (!changed) return file

  file.value = kept.join('')
  for (const cut of cuts) {
    const lines = cut.from === cut.to ? 'Line ' + cut.from + ' is' : 'Lines ' + cut.from + '–' + cut.to + ' are'
    const reason =
      cut.reason === 'long'
        ? 'Line ' + cut.from + ' is ' + cut.length.toLocaleString('en-US') + ' characters long, more than ' + maxLineLength.toLocaleString('en-US') + ': left out'
        : lines + ' nested more than ' + maxNesting + ' levels deep (lists, block quotes): left out'
    file.message(reason, {
      place: {start: {line: cut.from, column: cut.column}, end: {line: cut.to, column: cut.end + 1}},
      ruleId: cut.reason === 'long' ? 'line-too-long' : 'nesting-too-deep',
      source: 'studydeck'
    })
  }
  return file
}

/**
 * How many lists and block quotes a line opens or continues, estimated from
 * its start: each `>` and list marker is a level, and so is every two columns
 * of indentation (the least a nested list item needs). Over-counting is safe:
 * the limit is far above what notes use. `column` is where the count went
 * over the limit (or where the prefix ends).
 */
function containerPrefix(text: string): {markers: number; columns: number; column: number} {
  let markers = 0
  let columns = 0
  let index = 0
  while (index < text.length && markers <= maxNesting) {
    const code = text.charCodeAt(index)
    if (code === 32 /* space */) {
      columns++
      index++
    } else if (code === 9 /* tab */) {
      columns += 4
      index++
    } else if (code === 62 /* > */) {
      markers++
      index++
    } else {
      const marker = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/.exec(text.slice(index, index + 11))
      if (!marker) break
      markers++
      index += marker[0].length
    }
  }
  return {markers, columns, column: index + 1}
}

function closesFence(text: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text)
  return match !== null && match[1][0] === fence[0] && match[1].length >= fence.length
}

/**
 * Leave out top-level blocks whose tree is deeper than `maxTreeDepth`
 * (emphasis in emphasis in …, raw HTML `<div>` in `<div>` in …), before any
 * recursive walker sees them. Walks with an explicit stack: it cannot
 * overflow itself.
 */
export function limitTree(tree: Root, file: VFile): Root {
  const deep = new Set<RootContent>()
  for (const block of tree.children) {
    const depth = blockDepth(block)
    if (depth > maxTreeDepth) {
      deep.add(block)
      file.message('This block is nested more than ' + maxTreeDepth + ' levels deep (emphasis, links, raw HTML): left out', {
        place: block.position,
        ruleId: 'nesting-too-deep',
        source: 'studydeck'
      })
    }
  }
  if (deep.size > 0) tree.children = tree.children.filter((block) => !deep.has(block))
  return tree
}

/** Depth of a block's tree plus the most raw HTML elements open at once in it. */
function blockDepth(block: RootContent): number {
  let deepest = 0
  let open = 0
  let mostOpen = 0
  // Depth first, in document order, so inline tags opened in one HTML node and closed in another are followed.
  // Two stacks, not one of pairs: this runs over every node of every document.
  const nodes: Nodes[] = [block]
  const depths: number[] = [1]
  while (nodes.length > 0) {
    const node = nodes.pop()!
    const depth = depths.pop()!
    if (depth > deepest) deepest = depth
    if (node.type === 'html') {
      for (const tag of node.value.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([a-z][a-z\d-]*)\b[^>]*?(\/?)>/gi)) {
        if (tag[3] || unnested.has(tag[2].toLowerCase())) continue
        open = tag[1] ? Math.max(0, open - 1) : open + 1
        if (open > mostOpen) mostOpen = open
      }
    }
    if ('children' in node) {
      for (let index = node.children.length - 1; index >= 0; index--) {
        nodes.push(node.children[index] as Nodes)
        depths.push(depth + 1)
      }
    }
    if (deepest + mostOpen > maxTreeDepth) return deepest + mostOpen
  }
  return deepest + mostOpen
}

/**
 * Elements that never hold a nested copy of themselves: void elements, and
 * those whose end tag is optional (the next `<li>` closes the last one).
 */
const unnested = new Set([
  ...['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'],
  ...['li', 'p', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rp', 'rt']
])

/**
 * Run `run`; if it overflows the stack anyway (a walker the limits above do
 * not cover, such as Markdown parsed again from inside raw HTML), the file
 * gets an error and `fallback()` is returned instead of a thrown RangeError.
 */
export function withinStack<T>(file: VFile, run: () => T, fallback: () => T): T {
  try {
    return run()
  } catch (error) {
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error
    file.message('Nested too deep to read (the stack ran out): nothing is built from this file; look for a block nested thousands of levels deep', {
      ruleId: 'nesting-too-deep',
      source: 'studydeck'
    }).fatal = true
    return fallback()
  }
}
