/**
 * The document's text as the Markdown parser is given it, and what a scan
 * of its lines can tell before it is parsed (large documents are parsed a
 * piece at a time: `split.ts`, `sections.ts`).
 */

/** A line of the document outside front matter, fenced code, math and HTML blocks. */
export interface ContentLine {
  /** Offsets of its first character and of its end (its line ending left out). */
  start: number
  end: number
  /** 1-based. */
  number: number
  value: string
}

/**
 * Call `visit` for each line of `text` outside front matter, fenced code,
 * math and HTML blocks (the line that opens one included), in order. When
 * `visit` returns `false` the line opens no block (it is in a comment).
 */
export function forEachContentLine(text: string, visit: (line: ContentLine) => boolean | void): void {
  let fence: RegExp | undefined
  let html: RegExp | 'blank' | undefined
  let start = 0
  let number = 0
  const endOfLine = /\r\n|\r|\n/g
  while (start < text.length) {
    endOfLine.lastIndex = start
    const match = endOfLine.exec(text)
    const end = match ? match.index : text.length
    const value = text.slice(start, end)
    number++
    if (number === 1 && /^(?:---|\+\+\+)[ \t]*$/.test(value)) {
      // Front matter runs to its closing fence, as a code fence does.
      fence = new RegExp('^' + (value[0] === '-' ? '---' : '\\+\\+\\+') + '[ \\t]*$')
    } else if (fence) {
      if (fence.test(value)) fence = undefined
    } else if (html) {
      if (html === 'blank' ? /^[ \t]*$/.test(value) : html.test(value)) html = undefined
    } else if (visit({start, end, number, value}) !== false) {
      fence = opensFence(value)
      html = fence ? undefined : opensHtml(value)
    }
    start = match ? end + match[0].length : text.length
  }
}

/**
 * What the Markdown parser reads: the document with a few constructs of
 * other dialects made plain, every character where it was (the same length,
 * the same line endings), so that the positions of the syntax tree, and the
 * math and messages that rely on them, point into the document itself.
 *
 * - Container fences (VitePress `:::details Title`, `::: tip`, pandoc
 *   `::: {.solution}`, their closing `:::`) become thematic breaks (`***`
 *   padded with spaces). A fence line then ends the paragraph, list or table
 *   before it, as the container's renderer has it, and is never read as a
 *   lazy line of the last list item. `structure.ts` turns those breaks back
 *   into fences (it knows them by the `:` in the document at their place).
 * - A heading written with a no-break space after its `#`s (`###\u00A0Title`,
 *   typed as Option+Space) is a heading: the space becomes an ordinary one.
 * - Obsidian comments (`%%hidden%%`, or `%%` lines around blocks) become
 *   spaces: they are never content. A `%%` left open is not a comment.
 *
 * Fenced code, math and HTML blocks and front matter are left as they are;
 * inside a line, so are code spans.
 */
export function parseableSource(text: string): string {
  // Most documents hold none of these: nothing to copy.
  if (!/(?:^|[\r\n]) {0,3}(?::{3}|#{1,6}[\u00A0\u2002-\u200A\u202F\u3000])|%%/.test(text)) return text
  const out = text.split('')
  const blank = (from: number, to: number) => {
    for (let index = from; index < to; index++) if (out[index] !== '\n' && out[index] !== '\r') out[index] = ' '
  }
  // Where scanning goes on after a comment that closed on a later line.
  let resume = 0
  forEachContentLine(text, ({start, end, value}) => {
    if (start < resume) {
      // In a comment, or the rest of the line where it closed.
      if (resume < end) resume = blankComments(text, resume, end, blank)
      return false
    }
    const container = /^( {0,3}):{3,}/.exec(value)
    if (container) {
      // `***` and spaces: a thematic break of the same length.
      const at = start + container[1].length
      out[at] = out[at + 1] = out[at + 2] = '*'
      blank(at + 3, end)
      return false
    }
    const heading = /^ {0,3}#{1,6}[\u00A0\u2002-\u200A\u202F\u3000]/.exec(value)
    if (heading) out[start + heading[0].length - 1] = ' '
    resume = blankComments(text, start, end, blank)
  })
  return out.join('')
}

/**
 * Blank the Obsidian comments that open in `text[from, end)` (outside code
 * spans); returns where scanning goes on (after a comment that closed on a
 * later line, else `end`).
 */
function blankComments(text: string, from: number, end: number, blank: (from: number, to: number) => void): number {
  if (text.indexOf('%%', from) === -1) return end
  let index = from
  while (index < end) {
    const char = text[index]
    if (char === '`') {
      // A code span: a run of backticks up to the next run as long, on this line.
      let run = 1
      while (text[index + run] === '`') run++
      const ticks = '`'.repeat(run)
      let close = text.indexOf(ticks, index + run)
      while (close !== -1 && close < end && text[close + run] === '`') close = text.indexOf(ticks, close + run + 1)
      index = close !== -1 && close < end ? close + run : index + run
      continue
    }
    if (char === '%' && text[index + 1] === '%') {
      const close = text.indexOf('%%', index + 2)
      if (close === -1) return end
      blank(index, close + 2)
      if (close + 2 > end) return close + 2
      index = close + 2
      continue
    }
    index++
  }
  return end
}

/** A heading of the document, as a line scan finds it. */
export interface HeadingLine {
  line: number
  depth: number
  /** Its words as written (Markdown left in). */
  text: string
}

/**
 * The document's headings in order (`#` headings, and setext headings
 * underlined by `===`/`---` below a line of text), found by a scan of its
 * lines: what the outline of one section needs to know of the others.
 * `text` is the document as parsed (`parseableSource`).
 */
export function headingLines(text: string): HeadingLine[] {
  const found: HeadingLine[] = []
  // The line before, when it could be a setext heading's text.
  let previous: string | undefined
  forEachContentLine(text, ({number, value}) => {
    const before = previous
    previous = undefined
    const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(value)
    if (heading) {
      if (heading[2]?.trim()) found.push({line: number, depth: heading[1].length, text: heading[2].trim()})
      return false
    }
    const underline = before === undefined ? undefined : /^ {0,3}(=+|-+)[ \t]*$/.exec(value)
    if (underline) {
      found.push({line: number - 1, depth: underline[1][0] === '=' ? 1 : 2, text: before!.trim()})
      return false
    }
    // Text that a `===`/`---` line may make a heading: not blank, not another block's start.
    if (/\S/.test(value) && !/^ {0,3}(?:[-+*>|]|\d+[.)]|={3,}|-{3,}[ \t]*$|[`~$]{2,}|<)/.test(value) && !/^ {4}/.test(value)) previous = value
  })
  return found
}

/** A fenced code or math block opening on this line: the test for the line that closes it. */
function opensFence(line: string): RegExp | undefined {
  const match = /^ {0,3}(`{3,}|~{3,}|\${2,})(.*)$/.exec(line)
  if (!match) return undefined
  const [, sequence, rest] = match
  const marker = sequence[0]
  // An info string may not hold a backtick after backticks (that is inline code), nor `$` after `$$`.
  if ((marker === '`' || marker === '$') && rest.includes(marker)) return undefined
  const escaped = marker === '$' ? '\\$' : marker
  return new RegExp('^ {0,3}' + escaped + '{' + sequence.length + ',}[ \\t]*$')
}

const rawTags = /^ {0,3}<(?:script|pre|style|textarea)(?:[ \t>]|$)/i
const blockTags =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t>]|\/>|$)/i
const otherTag = /^ {0,3}(?:<[A-Za-z][\w-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][\w-]*\s*>)[ \t]*$/

/** An HTML block (CommonMark kinds 1–7) opening on this line: what ends it, unless it ends on this line. */
function opensHtml(line: string): RegExp | 'blank' | undefined {
  const kinds: Array<[RegExp, RegExp]> = [
    [rawTags, /<\/(?:script|pre|style|textarea)>/i],
    [/^ {0,3}<!--/, /-->/],
    [/^ {0,3}<\?/, /\?>/],
    [/^ {0,3}<![A-Za-z]/, />/],
    [/^ {0,3}<!\[CDATA\[/, /\]\]>/]
  ]
  for (const [opening, closing] of kinds) {
    const match = opening.exec(line)
    if (match) return closing.test(line.slice(match[0].length)) ? undefined : closing
  }
  return blockTags.test(line) || otherTag.test(line) ? 'blank' : undefined
}

